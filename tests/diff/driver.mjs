// driver.mjs: the reference side of the differential test, under node (V8).
//
//     node driver.mjs MODULE.wasm PLAN
//
// Does what driver.c does for a translated module, and prints the same
// lines for the same events (see driver.c): instantiate with the imports
// the plan lists, then make the calls in PLAN.  PLAN lines this side reads:
//
//     import MODULE_HEX NAME_HEX func PARAM_TYPES... -> RESULT_TYPES...
//     import MODULE_HEX NAME_HEX global TYPE
//     import MODULE_HEX NAME_HEX tag PARAM_TYPES...
//     tag NAME_HEX PARAM_TYPES...        an exported tag
//     call NAME_HEX TYPE:BITS... -> RESULT_TYPES...
//
// (and "nonnull" lines, for driver.c).  Types are named as diff_test.py's
// valtype does: GC references by their heap type ("eqref", "nn-anyref"
// for a non-null one).
//
// JavaScript numbers don't say whether they were an i32 or an f32, hence
// the types.  The imports of binaryen's fuzzer ("fuzzing-support") behave
// as driver.c describes; any other imported function logs its arguments
// and returns zeros.
import { readFileSync } from 'node:fs';

const [wasmPath, planPath] = process.argv.slice(2);

function unhex(h) {
  return Buffer.from(h, 'hex').toString('latin1');
}

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

// A wasm value as JavaScript sees it, from its type and bits in hex.
function toJS(type, hex) {
  switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt('0x' + hex)));
    case 'i64': return BigInt.asIntN(64, BigInt('0x' + hex));
    case 'f32': u32[0] = Number(BigInt('0x' + hex)); return f32[0];
    case 'f64': u64[0] = BigInt('0x' + hex); return f64[0];
    default: return null; // funcref:null, externref:null
  }
}

// A reference: the externref values this side makes (imported globals'
// objects, with the payload driver.c computes alike, and JavaScript
// errors), and GC references as V8 gives them to JavaScript, printed as
// binaryen's fuzz_shell.js does, by what JavaScript can tell: an i31 is
// a number (i31:N), a struct or array an opaque object.  Functions and
// anything else print as ref.
function formatRef(v) {
  if (v === null) return 'null';
  if (typeof v === 'number') return 'i31:' + v;
  if (typeof v === 'object' && Object.hasOwn(v, 'payload')) return 'ext:' + v.payload;
  if (v instanceof Error) return 'jserror';
  if (typeof v === 'object') return 'object';
  return 'ref';
}

// Types JavaScript can't see: their values print as v128 and exnref.
const hidden = (type) => type === 'v128' || /exnref$/.test(type);
const hiddenName = (type) => type === 'v128' ? type : 'exnref';

function format(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v >>> 0).toString(16).padStart(8, '0');
    case 'i64': return 'i64:' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      f32[0] = v;
      return 'f32:' + u32[0].toString(16).padStart(8, '0');
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      f64[0] = v;
      return 'f64:' + u64[0].toString(16).padStart(16, '0');
    default: return hidden(type) ? hiddenName(type) : formatRef(v);
  }
}

function zero(type) {
  return type === 'i64' ? 0n : ['i32', 'f32', 'f64'].includes(type) ? 0 : null;
}

// An exception thrown by the host, or by wasm with the JS tag.
const isHostError = (e) => !(e instanceof WebAssembly.RuntimeError) &&
  !(e instanceof WebAssembly.Exception) && !isExhaustion(e);
const isExhaustion = (e) => e instanceof RangeError && /call stack/i.test(e.message);

// V8's trap messages, sorted into driver.c's classes.
function trapClass(e) {
  if (isExhaustion(e)) return 'exhaustion';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'error ' + e.message;
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/illegal cast/.test(m)) return 'cast';
  if (/array element access out of bounds/.test(m)) return 'array';
  if (/too large|out of memory/.test(m)) return 'oom';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/table index|element segment|table access|invalid index into function table/.test(m))
    return 'table';
  if (/null function|signature mismatch/.test(m)) return 'indirect';
  if (/divide by zero|remainder by zero/.test(m)) return 'divzero';
  if (/unrepresentable|overflow/.test(m)) return 'overflow';
  if (/null/.test(m)) return 'null'; // call_ref, throw_ref, ref.as_non_null
  return 'error ' + m;
}

// "a b -> c" into [[a, b], [c]].
function splitSig(tokens) {
  const arrow = tokens.indexOf('->');
  return arrow < 0 ? [tokens, []] : [tokens.slice(0, arrow), tokens.slice(arrow + 1)];
}

function emit(line) {
  // Written synchronously, so that a run killed by a timeout shows how far
  // it came.
  process.stdout.write(line + '\n');
}

const plan = readFileSync(planPath, 'latin1').split('\n').filter((l) => l);
const imports = {};
const tagTypes = [];          // [[name, tag object or null, param types]]
let instance, exportList = [];
const wasmTag = new WebAssembly.Tag({ parameters: ['i32'] });

// Calls an export or a function reference as binaryen's fuzz_shell.js
// does: with a null for every parameter (a TypeError where null doesn't
// convert: i64, v128, exnref).
function callFunc(f) {
  return f(...Array(f.length).fill(null));
}

// Catches what a host catch in fuzz_shell.js catches: exceptions, wasm's
// or JavaScript's, but not traps or stack exhaustion.
function tryCall(f) {
  try {
    f();
    return 0;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || isExhaustion(e)) throw e;
    return 1;
  }
}

function tableIndex(t, i) {
  i >>>= 0;
  return typeof t.length === 'bigint' ? BigInt(i) : i;
}

const fuzzing = {
  'throw': (which) => {
    if (!which) throw new Error('js exception');
    throw new WebAssembly.Exception(wasmTag, [which]);
  },
  'table-get': (i) => instance.exports.table.get(tableIndex(instance.exports.table, i)),
  'table-set': (i, v) => { instance.exports.table.set(tableIndex(instance.exports.table, i), v); },
  'call-export': (i) => { callFunc(exportList[i].value); },
  'call-export-catch': (i) => tryCall(() => callFunc(exportList[i].value)),
  'call-ref': (f) => { callFunc(f); },
  'call-ref-catch': (f) => tryCall(() => callFunc(f)),
  'sleep': (ms, id) => id,
};

function payloadOf(mod, name) {
  let p = 0;
  for (const s of [mod, name])
    for (let i = 0; i < s.length; i++) p = (p + s.charCodeAt(i)) % 251;
  return p;
}

for (const line of plan) {
  const t = line.split(' ');
  if (t[0] === 'tag') {
    tagTypes.push([unhex(t[1]), null, t.slice(2).filter((p) => p !== '')]);
    continue;
  }
  if (t[0] !== 'import') continue;
  const mod = unhex(t[1]), name = unhex(t[2]), kind = t[3];
  imports[mod] ??= {};
  if (kind === 'global') {
    imports[mod][name] = { payload: payloadOf(mod, name) };
  } else if (kind === 'tag') {
    imports[mod][name] = name === 'jstag' ? WebAssembly.JSTag : wasmTag;
  } else if (mod === 'fuzzing-support' && Object.hasOwn(fuzzing, name)) {
    imports[mod][name] = fuzzing[name];
  } else {
    const [params, results] = splitSig(t.slice(4));
    imports[mod][name] = (...args) => {
      emit(['log ' + mod + '.' + name, ...params.map((p, i) => format(p, args[i]))].join(' '));
      if (results.length === 0) return undefined;
      if (results.length === 1) return zero(results[0]);
      return results.map(zero);
    };
  }
}

// What escaped a call: a trap, or an exception named by its tag (see
// driver.c) with its payload.
function outcome(e) {
  if (isHostError(e)) return 'exception js ' + formatRef(e);
  if (!(e instanceof WebAssembly.Exception)) return 'trap ' + trapClass(e);
  if (e.is(wasmTag)) return 'exception wasmtag ' + format('i32', e.getArg(wasmTag, 0));
  for (const [name, tag, params] of tagTypes) {
    if (tag && e.is(tag))
      return ['exception tag', name,
              ...params.map((p, i) => hidden(p) ? hiddenName(p) : format(p, e.getArg(tag, i)))].join(' ');
  }
  return 'exception anon';
}

try {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  instance = new WebAssembly.Instance(module, imports);
  for (const e of WebAssembly.Module.exports(module))
    exportList.push({ name: e.name, value: instance.exports[e.name] });
  for (const t of tagTypes) t[1] = instance.exports[t[0]];
  emit('instantiate ok');
} catch (e) {
  if (e instanceof WebAssembly.LinkError) emit('link error');
  else if (e instanceof WebAssembly.CompileError) emit('compile error ' + e.message);
  else emit('instantiate ' + outcome(e));
  process.exit(0);
}

for (const line of plan) {
  const t = line.split(' ');
  if (t[0] !== 'call') continue;
  const name = unhex(t[1]);
  const [args, results] = splitSig(t.slice(2));
  const values = args.map((a) => toJS(...a.split(':')));
  let r, text;
  try {
    r = instance.exports[name](...values);
    if (results.length === 1) r = [r];
    else if (results.length === 0) r = [];
    text = ['ok', ...results.map((type, i) => format(type, r[i]))].join(' ');
  } catch (e) {
    text = outcome(e);
  }
  emit('call ' + name + ' ' + text);
}
