//! x86-64 vector kernels for hex and copies, and the runtime CPU-feature
//! check (CPUID and XGETBV, cached in an atomic: no `std` needed) that picks
//! the AVX2 ones. The only `unsafe` of the crate lives here, six kinds of
//! block: calling an `avx2` function after the check has found the
//! feature, calling an `sse2` function (SSE2 is part of the x86-64
//! baseline), reading XCR0 once OSXSAVE is known, a prefetch hint, a
//! non-temporal store to an aligned 16-byte array, and the store fence
//! that orders those.
//!
//! Loads and stores go through `bytemuck` casts between byte arrays and
//! vector types, so the kernel bodies are safe code. Other targets use the
//! portable code of the callers. Code size (`.text` of the no_std program):
//! about 1.6 KB for these kernels and 2.6 KB more in their callers.

use core::arch::x86_64::{
    __m128i, __m256i, _mm_add_epi8, _mm_and_si128, _mm_cmpgt_epi8, _mm_set1_epi8, _mm_srli_epi16,
    _mm_unpackhi_epi8, _mm_unpacklo_epi8, _mm256_and_si256, _mm256_permute2x128_si256,
    _mm256_set1_epi8, _mm256_shuffle_epi8, _mm256_srli_epi16, _mm256_unpackhi_epi8,
    _mm256_unpacklo_epi8,
};
use core::sync::atomic::{AtomicU8, Ordering};

use bytemuck::cast;

/// 0: not checked yet; 1: no AVX2; 2: AVX2 usable.
static AVX2: AtomicU8 = AtomicU8::new(0);

/// Whether the CPU and the OS support AVX2 (checked once, then cached).
#[inline]
fn has_avx2() -> bool {
    match AVX2.load(Ordering::Relaxed) {
        0 => {
            let yes = detect_avx2();
            AVX2.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
            yes
        }
        v => v == 2,
    }
}

#[cold]
fn detect_avx2() -> bool {
    use core::arch::x86_64::{__cpuid, __cpuid_count};
    // Leaf 1 ECX: bit 27 OSXSAVE (the OS saves extended state, so XGETBV
    // works), bit 28 AVX. Leaf 7 EBX: bit 5 AVX2.
    let leaf1 = __cpuid(1);
    if leaf1.ecx & (1 << 27) == 0 || leaf1.ecx & (1 << 28) == 0 || __cpuid(0).eax < 7 {
        return false;
    }
    if __cpuid_count(7, 0).ebx & (1 << 5) == 0 {
        return false;
    }
    // SAFETY: OSXSAVE is set (checked above), which is what XGETBV needs.
    let xcr0 = unsafe { xcr0() };
    // The OS saves the XMM (bit 1) and YMM (bit 2) registers.
    xcr0 & 0b110 == 0b110
}

/// The OS-enabled state components (XCR0).
#[target_feature(enable = "xsave")]
fn xcr0() -> u64 {
    // SAFETY: register 0 (XCR0) always exists where XSAVE does.
    unsafe { core::arch::x86_64::_xgetbv(0) }
}

/// The hex digit of each nibble (`0..=15`) of `n`, SSE2 only.
#[target_feature(enable = "sse2")]
#[inline]
fn digits_sse2(n: __m128i) -> __m128i {
    let letters = _mm_and_si128(_mm_cmpgt_epi8(n, _mm_set1_epi8(9)), _mm_set1_epi8(39));
    _mm_add_epi8(_mm_add_epi8(n, _mm_set1_epi8(b'0' as i8)), letters)
}

/// The 32 hex digits of 16 bytes, as two vectors (digits 0..16, 16..32).
#[target_feature(enable = "sse2")]
#[inline]
fn hex16_sse2(bytes: [u8; 16]) -> [__m128i; 2] {
    let v: __m128i = cast(bytes);
    let mask = _mm_set1_epi8(0x0f);
    let hi = digits_sse2(_mm_and_si128(_mm_srli_epi16::<4>(v), mask));
    let lo = digits_sse2(_mm_and_si128(v, mask));
    [_mm_unpacklo_epi8(hi, lo), _mm_unpackhi_epi8(hi, lo)]
}

/// The hex of 16 bytes (SSE2: shifts, compares, adds and an interleave).
#[inline]
pub(crate) fn hex16(bytes: &[u8; 16]) -> [u8; 32] {
    // SAFETY: SSE2 is part of the x86-64 baseline.
    cast(unsafe { hex16_sse2(*bytes) })
}

/// Hex of the longest prefix of `input` that is a whole number of 32-byte
/// blocks and fits `out`; returns the input bytes done (output: twice that).
pub(crate) fn hex_plain(input: &[u8], out: &mut [u8]) -> usize {
    if has_avx2() {
        // SAFETY: `has_avx2` has found AVX2 on this CPU and enabled by the OS.
        return unsafe { hex_plain_avx2(input, out) };
    }
    let mut done = 0;
    for (o, i) in out.as_chunks_mut::<32>().0.iter_mut().zip(input.as_chunks::<16>().0) {
        *o = hex16(i);
        done += 16;
    }
    done
}

#[target_feature(enable = "avx2")]
fn hex_plain_avx2(input: &[u8], out: &mut [u8]) -> usize {
    let lut: __m256i = cast(*b"0123456789abcdef0123456789abcdef");
    let mask = _mm256_set1_epi8(0x0f);
    let hex32 = |i: [u8; 32]| -> [__m256i; 2] {
        let v: __m256i = cast(i);
        let hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16::<4>(v), mask));
        let lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, mask));
        // Per 128-bit lane: x = digits of bytes 0..8 | 16..24, y = 8..16 | 24..32.
        let x = _mm256_unpacklo_epi8(hi, lo);
        let y = _mm256_unpackhi_epi8(hi, lo);
        [_mm256_permute2x128_si256::<0x20>(x, y), _mm256_permute2x128_si256::<0x31>(x, y)]
    };
    let mut done = 0;
    // 64 bytes a step: two independent chains.
    let mut outs = out.chunks_exact_mut(128);
    let mut ins = input.chunks_exact(64);
    for (o, i) in (&mut outs).zip(&mut ins) {
        let (Ok(o), Ok(i)) = (<&mut [u8; 128]>::try_from(o), <[u8; 64]>::try_from(i)) else {
            break;
        };
        let [a, b]: [[u8; 32]; 2] = cast(i);
        let (a, b) = (hex32(a), hex32(b));
        *o = cast([a, b]);
        done += 64;
    }
    if let (Some(o), Some(i)) = (outs.into_remainder().get_mut(..64), ins.remainder().get(..32))
        && let (Ok(o), Ok(i)) = (<&mut [u8; 64]>::try_from(o), <[u8; 32]>::try_from(i))
    {
        *o = cast(hex32(i));
        done += 32;
    }
    done
}

/// Where each byte of a separated block comes from: for output byte `j` of
/// a block, its index in the first or the second 16 digits (`0x80`: none, as
/// `pshufb` reads it), and `0xff` where a separator goes.
struct GroupTables {
    from_lo: [u8; 48],
    from_hi: [u8; 48],
    sep: [u8; 48],
}

const fn group_tables(group: usize) -> GroupTables {
    let mut t = GroupTables { from_lo: [0x80; 48], from_hi: [0x80; 48], sep: [0; 48] };
    let unit = 2 * group + 1;
    let out = 32 + 16 / group;
    let mut j = 0;
    while j < out {
        let pos = j % unit;
        if pos == 0 {
            t.sep[j] = 0xff;
        } else {
            let digit = j / unit * 2 * group + pos - 1;
            if digit < 16 {
                t.from_lo[j] = digit as u8;
            } else {
                t.from_hi[j] = (digit - 16) as u8;
            }
        }
        j += 1;
    }
    t
}

/// Hex of whole 16-byte blocks with `sep` before every group of `group`
/// bytes (a divisor of 16; 32 + 16 / `group` output bytes a block), as
/// many as fit with 48 bytes of room after each block's start; `None`
/// without AVX2. Returns the bytes consumed and written.
pub(crate) fn hex_groups(
    input: &[u8],
    out: &mut [u8],
    sep: u8,
    group: usize,
) -> Option<(usize, usize)> {
    if !has_avx2() {
        return None;
    }
    // One body per group size, its tables constants: 1.6 times as fast as
    // one body reading them as data (for groups of 4), for 2.6 KB of code.
    let kernel = match group {
        1 => hex_groups_avx2::<1>,
        2 => hex_groups_avx2::<2>,
        4 => hex_groups_avx2::<4>,
        8 => hex_groups_avx2::<8>,
        16 => hex_groups_avx2::<16>,
        _ => return None,
    };
    // SAFETY: `has_avx2` has found AVX2 on this CPU and enabled by the OS.
    Some(unsafe { kernel(input, out, sep) })
}

#[target_feature(enable = "avx2")]
fn hex_groups_avx2<const G: usize>(input: &[u8], out: &mut [u8], sep: u8) -> (usize, usize) {
    use core::arch::x86_64::{
        _mm256_castsi256_si128, _mm256_extracti128_si256, _mm256_or_si256, _mm256_set_m128i,
    };
    const { assert!(16 % G == 0) };
    let t = const { group_tables(G) };
    let size = 32 + 16 / G;
    // The tables of each 16-byte output chunk, in both lanes: lane 0
    // builds one block, lane 1 the next.
    let both = |table: [u8; 48]| -> [__m256i; 3] {
        let v: [__m128i; 3] = cast(table);
        v.map(|x| _mm256_set_m128i(x, x))
    };
    let (from_lo, from_hi, seps) = (both(t.from_lo), both(t.from_hi), both(t.sep));
    let sep = _mm256_set1_epi8(sep as i8);
    let seps = seps.map(|m| _mm256_and_si256(m, sep));
    let lut: __m256i = cast(*b"0123456789abcdef0123456789abcdef");
    let mask = _mm256_set1_epi8(0x0f);
    let mut blocks = 0;
    // Two blocks a step; each stores 48 bytes, the last 48 - size of them
    // overwritten by the next block: whole-vector stores while the output
    // has the room.
    for i in input.chunks_exact(32) {
        let at = size * blocks;
        // size + 48 <= 96 bytes of room.
        let Some(o) = out.get_mut(at..at + 96) else { break };
        let (Ok(o), Ok(i)) = (<&mut [u8; 96]>::try_from(o), <[u8; 32]>::try_from(i)) else {
            break;
        };
        let v: __m256i = cast(i);
        let hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16::<4>(v), mask));
        let lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, mask));
        // Per lane, digits 0..16 and 16..32 of that lane's block.
        let (first, second) = (_mm256_unpacklo_epi8(hi, lo), _mm256_unpackhi_epi8(hi, lo));
        let mut a = [_mm_set1_epi8(0); 3];
        let mut b = [_mm_set1_epi8(0); 3];
        for k in 0..3 {
            let digits = _mm256_or_si256(
                _mm256_shuffle_epi8(first, from_lo[k]),
                _mm256_shuffle_epi8(second, from_hi[k]),
            );
            let chunk = _mm256_or_si256(digits, seps[k]);
            a[k] = _mm256_castsi256_si128(chunk);
            b[k] = _mm256_extracti128_si256::<1>(chunk);
        }
        let (a, b): ([u8; 48], [u8; 48]) = (cast(a), cast(b));
        if let Some(o) = o.get_mut(..48) {
            o.copy_from_slice(&a);
        }
        if let Some(o) = o.get_mut(size..size + 48) {
            o.copy_from_slice(&b);
        }
        blocks += 2;
    }
    (16 * blocks, size * blocks)
}

/// `N` consecutive bytes at `at`, if in range.
#[inline(always)]
fn get<const N: usize>(bytes: &[u8], at: isize) -> Option<[u8; N]> {
    let at = usize::try_from(at).ok()?;
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// The `N` bytes at `at` to write, if in range.
#[inline(always)]
fn get_mut<const N: usize>(bytes: &mut [u8], at: isize) -> Option<&mut [u8; N]> {
    let at = usize::try_from(at).ok()?;
    bytes.get_mut(at..at.checked_add(N)?)?.try_into().ok()
}

/// A 16×16 block of 4-byte items: the 16 items of source row `r` (at
/// `s + r * ss`) become item `r` of the 16 destination rows (at `d + c *
/// ods`). Four source rows at a time go through 4×4 register transposes
/// (SSE2 unpacks). False, with the block possibly half done, when a row is
/// out of range.
pub(crate) fn transpose_block_4(
    dst: &mut [u8],
    d: isize,
    ods: isize,
    src: &[u8],
    s: isize,
    ss: isize,
) -> bool {
    // SAFETY: SSE2 is part of the x86-64 baseline.
    unsafe { transpose_block_4_sse2(dst, d, ods, src, s, ss) }
}

#[target_feature(enable = "sse2")]
fn transpose_block_4_sse2(
    dst: &mut [u8],
    d: isize,
    ods: isize,
    src: &[u8],
    s: isize,
    ss: isize,
) -> bool {
    use core::arch::x86_64::{
        _mm_unpackhi_epi32, _mm_unpackhi_epi64, _mm_unpacklo_epi32, _mm_unpacklo_epi64,
    };
    for strip in 0..4isize {
        let mut rows = [[_mm_set1_epi8(0); 4]; 4];
        for (r, row) in rows.iter_mut().enumerate() {
            let at = s.wrapping_add(ss.wrapping_mul(4 * strip + r as isize));
            let Some(bytes) = get::<64>(src, at) else { return false };
            *row = cast(bytes);
        }
        let [r0, r1, r2, r3] = rows;
        for (col, (((a, b), c), e)) in r0.into_iter().zip(r1).zip(r2).zip(r3).enumerate() {
            let (ab_lo, ce_lo) = (_mm_unpacklo_epi32(a, b), _mm_unpacklo_epi32(c, e));
            let (ab_hi, ce_hi) = (_mm_unpackhi_epi32(a, b), _mm_unpackhi_epi32(c, e));
            let outs = [
                _mm_unpacklo_epi64(ab_lo, ce_lo),
                _mm_unpackhi_epi64(ab_lo, ce_lo),
                _mm_unpacklo_epi64(ab_hi, ce_hi),
                _mm_unpackhi_epi64(ab_hi, ce_hi),
            ];
            for (j, v) in outs.into_iter().enumerate() {
                let row = (4 * col + j) as isize;
                let at = d.wrapping_add(ods.wrapping_mul(row)).wrapping_add(16 * strip);
                let Some(o) = get_mut::<16>(dst, at) else { return false };
                *o = cast(v);
            }
        }
    }
    true
}

/// Asks for the cache line of `bytes[at]` (nothing when out of range).
/// Only a hint: it reads nothing and cannot fault.
#[inline(always)]
pub(crate) fn prefetch(bytes: &[u8], at: usize) {
    use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    if let Some(byte) = bytes.get(at) {
        // SAFETY: SSE is part of the x86-64 baseline; a prefetch has no
        // effect on memory and the pointer is in `bytes` anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(core::ptr::from_ref(byte).cast::<i8>()) };
    }
}

/// Item 0 of each group of `R` 8-byte items of `inp`, two items per
/// 16-byte non-temporal store (written around the caches: no read of the
/// output's lines first), into `out`, as many pairs as both hold; nothing
/// when `out` does not start 16-byte aligned. Returns the items written.
/// The stores are weakly ordered: [`stream_fence`] after the last.
pub(crate) fn gather8_stream<const R: usize>(out: &mut [u8], inp: &[u8]) -> usize {
    use core::arch::x86_64::_mm_stream_si128;
    let (outs, _) = out.as_chunks_mut::<16>();
    if outs.first().is_some_and(|o| o.as_ptr().align_offset(16) != 0) {
        return 0;
    }
    let (items, _) = inp.as_chunks::<8>();
    let (pairs, _) = items.as_chunks::<R>().0.as_chunks::<2>();
    let mut done = 0;
    for (o, g) in outs.iter_mut().zip(pairs) {
        let v: __m128i = cast([g[0][0], g[1][0]]);
        // SAFETY: `o` is 16 writable bytes at a 16-byte aligned address
        // (the first chunk is, and chunks are 16 bytes); SSE2 is part of
        // the x86-64 baseline.
        unsafe { _mm_stream_si128(o.as_mut_ptr().cast::<__m128i>(), v) };
        done += 2;
    }
    done
}

/// Orders the non-temporal stores before it before every later store.
pub(crate) fn stream_fence() {
    // SAFETY: SSE is part of the x86-64 baseline.
    unsafe { core::arch::x86_64::_mm_sfence() };
}
