/*
 * emit_simd.c: what the function emitter (emit_func.c) knows of SIMD
 * values beyond their templates in opcodes.def: constant shuffles written
 * as the cheapest blend of simple terms, and the ranges of 32-bit lanes
 * that let narrower instructions stand in for ones SSE2 lacks, and idioms
 * of several instructions done as one (docs/simd.md).  The forms
 * themselves are w2c_simd.h's.
 */
#include <stdlib.h>
#include <string.h>

#include "func.h"

#define RD(t, h) slot(fc, (t), (h), SLOT_READ)
#define S(s) buf_str(&fc->body, (s))

/* ------------------------------------------------------------ shuffles */

/*
 * i8x16.shuffle with constant indices.  A C compiler makes one instruction
 * of a byte shuffle where it can (pshufd or shufps for whole 32- and 64-bit
 * lanes, pshufb from SSSE3 on, tbl on NEON), but gcc without pshufb builds
 * any other one byte by byte in general registers, ten times slower.  The
 * shuffles compilers emit are mostly zero extensions and lane gathers,
 * written as shuffles with a zero vector or with don't-care bytes (index
 * 0), and those are blends of two terms each a few instructions from an
 * operand: the operand in place, its lanes interleaved with themselves
 * (W2C_UNPACK, as for an extension), one byte repeated (W2C_SPLAT8),
 * whole 32- or 64-bit lanes moved, or the even or odd 8- or 16-bit lanes
 * of two operands side by side (W2C_PACK, as for a narrowing: SIMD code
 * written for SSE compiles _mm_packs to that when the lanes fit).  The emitter finds the cheapest term
 * or blend of two giving all 16 bytes and writes it beside the shuffle as
 * W2C_SHUFFLE_OR's last operand, for w2c_simd.h to use where it pays.
 */
enum { SH_PLACE, SH_UNPACK, SH_SPLAT, SH_LANES, SH_PACK };

typedef struct {
	uint8_t src[16];  /* byte j of the term is byte src[j] of a:b */
	uint8_t kind, op; /* SH_*; the operand, 0 or 1 (not for SH_LANES) */
	uint8_t half[3];  /* SH_UNPACK: 1 + half, or 0, by lane width 1, 2, 4;
	                   * SH_PACK: lane width, odd lanes?, the second operand */
	unsigned cost;    /* instructions, roughly */
} ShufTerm;

/* Lane sizes w = 4 or 8: each lane from the one of a:b giving most of its
 * bytes in place, lanes giving none from the first lane chosen. */
static void shuf_lanes(ShufTerm *t, const uint8_t *idx, unsigned w)
{
	int pick[4], first = -1;
	unsigned l, c, j, ops = 0;

	for (l = 0; l < 16 / w; l++) {
		unsigned best = 0;
		pick[l] = -1;
		for (c = 0; c < 32 / w; c++) {
			unsigned n = 0;
			for (j = 0; j < w; j++)
				n += idx[l * w + j] == c * w + j;
			if (n > best) {
				best = n;
				pick[l] = (int)c;
			}
		}
		if (first < 0)
			first = pick[l];
	}
	memset(t, 0, sizeof *t);
	t->kind = SH_LANES;
	for (l = 0; l < 16 / w; l++) {
		c = (unsigned)(pick[l] < 0 ? (first < 0 ? 0 : first) : pick[l]);
		ops |= 1u << (c * w / 16);
		for (j = 0; j < w; j++)
			t->src[l * w + j] = (uint8_t)(c * w + j);
	}
	t->cost = ops == 3 ? 2 : 1;
}

/* The bytes of the shuffle `care` asks for that the term gives. */
static unsigned shuf_cover(const ShufTerm *t, const uint8_t *idx, unsigned care)
{
	unsigned j, m = 0;

	for (j = 0; j < 16; j++)
		m |= (unsigned)(t->src[j] == idx[j] || !(care >> j & 1)) << j;
	return m;
}

/*
 * The bytes of a shuffle's result that matter: all of them, unless the
 * next instructions shift its lanes left by a constant, which drops their
 * top bytes; clang widens mask bytes to lanes that way (shuffle, shl 24,
 * shr_s 24), with don't-care bytes it fills with index 0.  The shift is
 * the one user of the result, so its other bytes are never seen.
 */
static unsigned shuffle_care(const FuncCx *fc)
{
	const uint8_t *p = fc->r.p;
	unsigned w, n, j, care = 0;

	if (fc->r.end - p < 5 || p[0] != 0x41 || p[1] >= 0x40 || p[2] != 0xfd || p[4] != 0x01)
		return 0xffff;
	if (p[3] == 0xab)       /* i32x4.shl */
		w = 4;
	else if (p[3] == 0x8b)  /* i16x8.shl */
		w = 2;
	else
		return 0xffff;
	n = p[1] % (8 * w);
	for (j = 0; j < 16; j++)
		care |= (unsigned)(8 * (j % w) < 8 * w - n) << j;
	return care;
}

static void shuf_term(FuncCx *fc, const ShufTerm *t, uint32_t base)
{
	unsigned j, w;

	switch (t->kind) {
	case SH_PLACE:
		RD(VT_V128, base + t->op);
		break;
	case SH_UNPACK:
		for (w = 0; w < 3; w++)
			if (t->half[w])
				S("W2C_UNPACK(");
		RD(VT_V128, base + t->op);
		for (w = 0; w < 3; w++)
			if (t->half[w])
				buf_printf(&fc->body, ", %u, %u)", 1u << w, t->half[w] - 1u);
		break;
	case SH_PACK:
		buf_printf(&fc->body, "W2C_PACK%u%c(", 8u * t->half[0], t->half[1] ? 'O' : 'E');
		RD(VT_V128, base + t->op);
		S(", ");
		RD(VT_V128, base + t->half[2]);
		S(")");
		break;
	case SH_SPLAT:
		S("W2C_SPLAT8(");
		RD(VT_V128, base + t->op);
		buf_printf(&fc->body, ", %u)", t->src[0] & 15u);
		break;
	default:
		S("W2C_SHUFFLE(");
		RD(VT_V128, base);
		S(", ");
		RD(VT_V128, base + 1);
		for (j = 0; j < 16; j++)
			buf_printf(&fc->body, ", %u", t->src[j]);
		S(")");
	}
}

void emit_shuffle(FuncCx *fc, const uint8_t *idx, uint32_t base)
{
	ShufTerm t[2 * 27 + 16 + 2 + 16], *bx = NULL, *by = NULL;
	unsigned n = 0, i, k, best = ~0u, cover[sizeof t / sizeof *t];
	unsigned op, op2, w, odd, h[3], seen = 0, care = shuffle_care(fc);
	bool plain;

	/* candidate terms */
	for (op = 0; op < 2; op++) {
		for (h[0] = 0; h[0] < 3; h[0]++)
			for (h[1] = 0; h[1] < 3; h[1]++)
				for (h[2] = 0; h[2] < 3; h[2]++) {
					ShufTerm *u = &t[n++];
					memset(u, 0, sizeof *u);
					u->kind = SH_PLACE;
					u->op = (uint8_t)op;
					for (k = 0; k < 16; k++)
						u->src[k] = (uint8_t)(16 * op + k);
					for (i = 0; i < 3; i++) {
						uint8_t s[16];
						unsigned w = 1u << i;
						if (!h[i])
							continue;
						u->kind = SH_UNPACK;
						u->half[i] = (uint8_t)h[i];
						u->cost++;
						for (k = 0; k < 16; k++)
							s[k] = u->src[8 * (h[i] - 1) + k / (2 * w) * w + k % w];
						memcpy(u->src, s, 16);
					}
				}
	}
	for (i = 0; i < 16; i++) {
		unsigned s = idx[i];
		if (seen >> s & 1)
			continue;
		seen |= 1u << s;
		memset(&t[n], 0, sizeof t[n]);
		t[n].kind = SH_SPLAT;
		t[n].op = (uint8_t)(s / 16);
		memset(t[n].src, (int)s, 16);
		t[n++].cost = 3;
	}
	shuf_lanes(&t[n++], idx, 4);
	shuf_lanes(&t[n++], idx, 8);
	/* lanes k of the result: lanes 2k + odd of op, then of op2; each
	 * operand's lanes are first cut to their even or odd half (a mask,
	 * or one or two shifts) so that a saturating pack keeps them whole */
	for (w = 1; w <= 2; w++)
		for (odd = 0; odd < 2; odd++)
			for (op = 0; op < 2; op++)
				for (op2 = 0; op2 < 2; op2++) {
					ShufTerm *u = &t[n++];
					memset(u, 0, sizeof *u);
					u->kind = SH_PACK;
					u->op = (uint8_t)op;
					u->half[0] = (uint8_t)w;
					u->half[1] = (uint8_t)odd;
					u->half[2] = (uint8_t)op2;
					for (k = 0; k < 16; k++)
						u->src[k] = (uint8_t)(16 * (k < 8 ? op : op2) +
						                      w * (2 * (k % 8 / w) + odd) + k % w);
					u->cost = (w == 2 && !odd ? 2 : 1) * (op == op2 ? 1 : 2) + 1;
				}

	/* the cheapest term, or pair blended (and, andnot, or) */
	for (i = 0; i < n; i++)
		cover[i] = shuf_cover(&t[i], idx, care);
	for (i = 0; i < n; i++) {
		if (cover[i] == 0xffff && t[i].cost < best) {
			best = t[i].cost;
			bx = &t[i];
			by = NULL;
		}
		for (k = 0; k < n; k++)
			if ((cover[i] | cover[k]) == 0xffff && t[i].cost + t[k].cost + 3 < best) {
				best = t[i].cost + t[k].cost + 3;
				bx = &t[i];
				by = &t[k];
			}
	}

	/* whole lanes or one unpack: compilers find those themselves, but not
	 * in indices with don't-care bytes */
	plain = !bx || (care == 0xffff && !by && (bx->kind != SH_UNPACK || bx->cost == 1) &&
	                bx->kind != SH_SPLAT && bx->kind != SH_PACK);
	S(plain ? "W2C_SHUFFLE(" : "W2C_SHUFFLE_OR(");
	RD(VT_V128, base);
	S(", ");
	RD(VT_V128, base + 1);
	for (k = 0; k < 16; k++)
		buf_printf(&fc->body, ", %u", idx[k]);
	if (!plain) {
		S(", ");
		if (by)
			buf_printf(&fc->body, "W2C_BLEND(0x%04x, ", cover[bx - t]);
		shuf_term(fc, bx, base);
		if (by) {
			S(", ");
			shuf_term(fc, by, base);
			S(")");
		}
	}
	S(")");
}

/* ---------------------------------------------------------- lane ranges */

/*
 * What the emitter knows of a v128 slot's 32-bit lanes, kept in its
 * slot_origin: every lane is in [0, 2^k) (VR_U + k) or in [-2^(k-1),
 * 2^(k-1)) (VR_S + k).  Compilers widen narrow lanes to 32 bits to add,
 * multiply or clamp them, and SSE2 lacks the 32-bit multiply, unsigned
 * minimum and unsigned narrowing those need; on lanes known to fit in 16
 * bits, 16-bit instructions it has give the same results (pmaddwd,
 * pminsw, packssdw).  The emitter names those forms (w2c_simd.h); the
 * scalar path computes them as the general ones.
 */
enum { VR_U = 0x40, VR_S = 0x80, VR_BITS = 0x3f };

typedef struct { int64_t lo, hi; } Range;

static bool v_range(FuncCx *fc, uint32_t h, Range *r)
{
	uint8_t o = h < fc->capslots ? fc->slot_origin[h] : 0;
	unsigned k = o & VR_BITS;

	r->lo = r->hi = 0;
	if (o & VR_U) {
		r->lo = 0;
		r->hi = ((int64_t)1 << k) - 1;
	} else if (o & VR_S) {
		r->lo = -((int64_t)1 << (k - 1));
		r->hi = ((int64_t)1 << (k - 1)) - 1;
	} else {
		return false;
	}
	return true;
}

/* The code of the smallest range holding [lo, hi]; 0 if no 32-bit lane
 * range does (it has wrapped) or it says nothing. */
static uint8_t range_code(int64_t lo, int64_t hi)
{
	unsigned k;

	if (lo > hi || lo < INT32_MIN || hi > INT32_MAX)
		return 0;
	if (lo >= 0) {
		for (k = 0; hi >> k; k++)
			;
		return k < 31 ? (uint8_t)(VR_U + k) : 0;
	}
	for (k = 1; lo < -((int64_t)1 << (k - 1)) || hi >= (int64_t)1 << (k - 1); k++)
		;
	return k < 32 ? (uint8_t)(VR_S + k) : 0;
}

static bool i32_const(FuncCx *fc, uint32_t h, uint32_t *v)
{
	if (h >= fc->capslots || fc->slot_origin[h] != ORIGIN_CONST)
		return false;
	*v = (uint32_t)fc->slot_bits[h];
	return true;
}

/* u as a signed 32-bit number */
static int64_t s32(uint32_t u)
{
	return u > INT32_MAX ? (int64_t)u - 0x100000000 : (int64_t)u;
}

static bool fits_s16(const Range *r)
{
	return r->lo >= -32768 && r->hi <= 32767;
}

/* The range of a v128.const's 32-bit lanes. */
uint8_t v128_const_range(const uint8_t *b)
{
	int64_t lo = INT32_MAX, hi = INT32_MIN;
	unsigned k;

	for (k = 0; k < 4; k++) {
		int64_t v = s32(le32(b + 4 * k));
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	return range_code(lo, hi);
}

/* A shuffle taking each lane's upper bytes from an operand known to be
 * zero zero-extends the bytes below them. */
static uint8_t shuffle_range(FuncCx *fc, const uint8_t *idx, uint32_t base)
{
	Range r;
	bool zero[2];
	unsigned j, top = 0;

	for (j = 0; j < 2; j++)
		zero[j] = v_range(fc, base + j, &r) && r.hi == 0 && r.lo == 0;
	for (j = 0; j < 16; j++)
		if (!zero[idx[j] / 16] && j % 4 + 1 > top)
			top = j % 4 + 1;
	return top < 4 ? range_code(0, ((int64_t)1 << 8 * top) - 1) : 0;
}

/* The range of the result of `in` on the slots from base. */
uint8_t result_range(FuncCx *fc, const Instr *in, uint32_t base)
{
	uint16_t op = in->op;
	Range a, b;
	bool ka = v_range(fc, base, &a), kb = v_range(fc, base + 1, &b);
	uint32_t n;

	switch (op) {
	case OP_I8X16_SHUFFLE:
		return shuffle_range(fc, in->bytes, base);
	case OP_V128_LOAD16X4_S: case OP_I32X4_EXTEND_LOW_I16X8_S:
	case OP_I32X4_EXTEND_HIGH_I16X8_S:
		return range_code(-32768, 32767);
	case OP_V128_LOAD16X4_U: case OP_I32X4_EXTEND_LOW_I16X8_U:
	case OP_I32X4_EXTEND_HIGH_I16X8_U:
		return range_code(0, 65535);
	case OP_I32X4_EXTADD_PAIRWISE_I16X8_S:
		return range_code(-65536, 65534);
	case OP_I32X4_EXTADD_PAIRWISE_I16X8_U:
		return range_code(0, 131070);
	case OP_I32X4_SPLAT:
		return i32_const(fc, base, &n) ? range_code(s32(n), s32(n)) : 0;
	case OP_I32X4_ADD:
		return ka && kb ? range_code(a.lo + b.lo, a.hi + b.hi) : 0;
	case OP_I32X4_SUB:
		return ka && kb ? range_code(a.lo - b.hi, a.hi - b.lo) : 0;
	case OP_I32X4_MIN_S: case OP_I32X4_MIN_U:
		if (op == OP_I32X4_MIN_U && (ka && a.lo >= 0) != (kb && b.lo >= 0))
			return ka && a.lo >= 0 ? range_code(0, a.hi) : range_code(0, b.hi);
		if (!ka || !kb || (op == OP_I32X4_MIN_U && (a.lo < 0 || b.lo < 0)))
			return 0;
		return range_code(a.lo < b.lo ? a.lo : b.lo, a.hi < b.hi ? a.hi : b.hi);
	case OP_I32X4_MAX_S: case OP_I32X4_MAX_U:
		if (!ka || !kb || (op == OP_I32X4_MAX_U && (a.lo < 0 || b.lo < 0)))
			return 0;
		return range_code(a.lo > b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi);
	case OP_V128_AND:
		if (ka && a.lo >= 0 && (!kb || b.lo < 0 || a.hi <= b.hi))
			return range_code(0, a.hi);
		return kb && b.lo >= 0 ? range_code(0, b.hi) : 0;
	case OP_I32X4_SHR_U:
		if (!i32_const(fc, base + 1, &n)) /* any count: no larger, if not negative */
			return ka && a.lo >= 0 ? range_code(0, a.hi) : 0;
		if (!(n %= 32))
			return ka ? range_code(a.lo, a.hi) : 0;
		return range_code(0, ka && a.lo >= 0 ? a.hi >> n : (int64_t)UINT32_MAX >> n);
	case OP_I32X4_SHR_S:
		if (!i32_const(fc, base + 1, &n))
			return 0;
		n %= 32;
		if (ka) /* >> of a negative number: arithmetic in every C compiler w2c knows */
			return range_code(a.lo >> n, a.hi >> n);
		return n ? range_code(-((int64_t)1 << (31 - n)), ((int64_t)1 << (31 - n)) - 1) : 0;
	default:
		return 0;
	}
}

/* A cheaper form of `op` for what is known of its operands, or NULL. */
const char *ranged_template(FuncCx *fc, uint16_t op, uint32_t base)
{
	Range a, b;

	if (!v_range(fc, base, &a) || !v_range(fc, base + 1, &b) ||
	    !fits_s16(&a) || !fits_s16(&b))
		return NULL;
	switch (op) {
	case OP_I32X4_MUL:
		return "w2c_i32x4_mul_s16($0, $1)";
	case OP_I32X4_MIN_S:
		return "w2c_i32x4_min_s16($0, $1)";
	case OP_I32X4_MAX_S:
		return "w2c_i32x4_max_s16($0, $1)";
	case OP_I32X4_MIN_U:
		return a.lo >= 0 && b.lo >= 0 ? "w2c_i32x4_min_s16($0, $1)" : NULL;
	case OP_I32X4_MAX_U:
		return a.lo >= 0 && b.lo >= 0 ? "w2c_i32x4_max_s16($0, $1)" : NULL;
	case OP_I16X8_NARROW_I32X4_U:
		/* no lane saturates either way */
		return a.lo >= 0 && b.lo >= 0 ? "w2c_i16x8_narrow_i32x4_s($0, $1)" : NULL;
	default:
		return NULL;
	}
}

/* ------------------------------------------------------- pair sums */

/*
 * Code written for SSSE3 stands in for pmaddubsw by multiplying 16-bit
 * lanes, taking the even and the odd products apart with two shuffles
 * and adding them saturated (the sum of lanes 2k and 2k + 1 of x, then
 * of y):
 *
 *     ... local.tee X  ... local.tee Y  i8x16.shuffle EVEN
 *     local.get X  local.get Y  i8x16.shuffle ODD  i16x8.add_sat_s
 *
 * SSE2 has that sum in 32 bits (pmaddwd by ones) and its saturation to
 * 16 (packssdw): three instructions for the two shuffles' ten and the
 * add.  The first shuffle does the whole of it when what follows is
 * the rest (its operands and the locals still equal: slot_tee) and the
 * next two of the shuffles and saturating adds are skipped.
 */
/* Whether a local.get comes next in r, reading it: its local in *x.  (r
 * is a copy of the function's reader: looking ahead consumes nothing.) */
static bool next_local_get(Reader *r, uint32_t *x)
{
	if (rd_done(r) || *r->p != 0x20)
		return false;
	r->p++;
	*x = rd_u32(r);
	return true;
}

/* Which 16-bit lanes a shuffle gathers, 0 or 1 for the even or odd
 * lanes of its first operand then its second, or -1. */
static int pair_half(const uint8_t *idx)
{
	unsigned odd, k;

	for (odd = 0; odd < 2; odd++) {
		for (k = 0; k < 16 && idx[k] == 4 * (k / 2) + 2 * odd + k % 2; k++)
			;
		if (k == 16)
			return (int)odd;
	}
	return -1;
}

bool emit_pair_sum(FuncCx *fc, const Instr *in, uint32_t h)
{
	Reader r = fc->r;
	const uint8_t *p;
	uint32_t base = h - 2, x, y;
	int half = pair_half(in->bytes);

	if (half < 0 || base + 1 >= fc->tee_hi || !fc->slot_tee[base] || !fc->slot_tee[base + 1])
		return false;
	if (!next_local_get(&r, &x) || !next_local_get(&r, &y) ||
	    x + 1 != fc->slot_tee[base] || y + 1 != fc->slot_tee[base + 1])
		return false;
	p = r.p;
	if (r.end - p < 21 || p[0] != 0xfd || p[1] != 0x0d || pair_half(p + 2) != !half ||
	    p[18] != 0xfd || p[19] != 0x8f || p[20] != 0x01) /* i8x16.shuffle, i16x8.add_sat_s */
		return false;
	ef_template(fc, in, h, "w2c_i16x8_add_pairs_sat_s($0, $1)");
	fc->slot_origin[base] = ORIGIN_OTHER; /* no shuffle's lane range */
	fc->fused_skip = 2;
	return true;
}

/* ---------------------------------------------------------- rotates */

/*
 * wasm has no vector rotate; compilers write one as shifts both ways of
 * the same value, or'd:
 *
 *     local.tee X  i32.const K  i32x4.shl
 *     local.get X  i32.const 32-K  i32x4.shr_u  v128.or
 *
 * (or the value read from X for the tee).  One w2c_i32x4_rotl lets
 * w2c_simd.h use a byte shuffle for rotates by 8, 16 and 24 (pshufb from
 * SSSE3 on; 16 is pshuflw and pshufhw on SSE2) and vprold where there
 * is one.  The shl does the whole; the shr_u and the or are skipped.
 */
bool emit_rotate(FuncCx *fc, const Instr *in, uint32_t h)
{
	Reader r = fc->r;
	const uint8_t *p;
	uint32_t base = h - 2, x, k;

	if (base >= fc->capslots || !i32_const(fc, base + 1, &k) || (k %= 32) == 0)
		return false;
	if (!next_local_get(&r, &x))
		return false;
	p = r.p;
	if (!(base < fc->tee_hi && fc->slot_tee[base] == x + 1) &&
	    !(base < fc->pend_hi && fc->slot_pend[base] && fc->slot_local[base] == x))
		return false;
	/* i32.const 32-K (one byte: 1..31), i32x4.shr_u, v128.or */
	if (r.end - p < 7 || p[0] != 0x41 || p[1] != 32 - k || p[2] != 0xfd || p[3] != 0xad ||
	    p[4] != 0x01 || p[5] != 0xfd || p[6] != 0x50)
		return false;
	ef_template(fc, in, h, "w2c_i32x4_rotl($0, $1)");
	fc->fused_skip = 2;
	return true;
}
