// driver.mjs: the reference side of the differential test, under node (V8).
//
//     node driver.mjs MODULE.wasm PLAN
//
// Does what driver.c does for a translated module, and prints the same
// lines for the same events (see driver.c): instantiate with every
// imported function bound to a logger, then make the calls in PLAN.  PLAN
// lines this side reads:
//
//     import MODULE_HEX NAME_HEX PARAM_TYPES... -> RESULT_TYPES...
//     call NAME_HEX TYPE:BITS... -> RESULT_TYPES...
//
// JavaScript numbers don't say whether they were an i32 or an f32, hence
// the types.
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
    default: return v === null ? 'null' : 'ref';
  }
}

function zero(type) {
  return type === 'i64' ? 0n : type === 'funcref' || type === 'externref' ? null : 0;
}

// V8's trap messages, sorted into driver.c's classes.
function trapClass(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'exhaustion';
  // An import taking or returning a v128 (driver.c traps there too).
  if (e instanceof TypeError && /type incompatibility/.test(e.message)) return 'host trap';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'error ' + e.message;
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/table index|element segment|table access|invalid index into function table/.test(m))
    return 'table';
  if (/null function|signature mismatch/.test(m)) return 'indirect';
  if (/divide by zero|remainder by zero/.test(m)) return 'divzero';
  if (/unrepresentable|overflow/.test(m)) return 'overflow';
  return 'error ' + m;
}

// "a b -> c" into [[a, b], [c]].
function splitSig(tokens) {
  const arrow = tokens.indexOf('->');
  return [tokens.slice(0, arrow), tokens.slice(arrow + 1)];
}

function emit(line) {
  // Written synchronously, so that a run killed by a timeout shows how far
  // it came.
  process.stdout.write(line + '\n');
}

const plan = readFileSync(planPath, 'latin1').split('\n').filter((l) => l);
const imports = {};
for (const line of plan) {
  const t = line.split(' ');
  if (t[0] !== 'import') continue;
  const mod = unhex(t[1]), name = unhex(t[2]);
  const [params, results] = splitSig(t.slice(3));
  imports[mod] ??= {};
  imports[mod][name] = (...args) => {
    emit(['log ' + mod + '.' + name, ...params.map((p, i) => format(p, args[i]))].join(' '));
    if (results.length === 0) return undefined;
    if (results.length === 1) return zero(results[0]);
    return results.map(zero);
  };
}

let instance;
try {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  instance = new WebAssembly.Instance(module, imports);
  emit('instantiate ok');
} catch (e) {
  if (e instanceof WebAssembly.LinkError) emit('link error');
  else if (e instanceof WebAssembly.CompileError) emit('compile error ' + e.message);
  else emit('instantiate trap ' + trapClass(e));
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
    text = 'trap ' + trapClass(e);
  }
  emit('call ' + name + ' ' + text);
}
