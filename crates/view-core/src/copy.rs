//! Moving element bytes between two layouts of the same shape: copy-out to
//! a contiguous buffer (C or F order) and strided-to-strided assignment.
//!
//! A copy first builds a [`Walk`]: extent-1 dimensions are dropped, the
//! dimensions are put in traversal order, and neighbours that are
//! contiguous in both layouts are merged. The innermost dimension is a run
//! handled by one kernel chosen once per copy (memcpy, reversed, gather by a
//! small step, broadcast, or per item), specialised by itemsize. A
//! transposing 2-D copy is cache-blocked. With feature `small`, every copy
//! takes one compact kernel instead (`run_small`) and these are unused.
#![cfg_attr(feature = "small", allow(dead_code))]

use crate::layout::Layout;

/// A transposing copy is blocked when its source steps over more than this
/// many items (below that, the rows it reads stay in cache anyway); its
/// blocks are grouped in tiles of this many blocks a side.
const TILE: usize = 4;

/// One side of a copy: the bytes, the strides and the offset of element zero.
#[derive(Clone, Copy)]
pub(crate) struct Side<'s> {
    pub(crate) strides: &'s [isize],
    pub(crate) offset: usize,
}

/// The dimensions to traverse, slowest first, after dropping and merging.
/// Also walks the two operands of a comparison (`dst` is the left one).
pub(crate) struct Walk<const N: usize> {
    pub(crate) ndim: usize,
    pub(crate) shape: [usize; N],
    pub(crate) dst: [isize; N],
    pub(crate) src: [isize; N],
}

impl<const N: usize> Walk<N> {
    /// `reverse` traverses the dimensions last-to-first (F order).
    pub(crate) fn new(shape: &[usize], dst: &[isize], src: &[isize], reverse: bool) -> Self {
        let mut walk = Self { ndim: 0, shape: [0; N], dst: [0; N], src: [0; N] };
        let mut push = |n: usize, d: isize, s: isize| {
            if n == 1 {
                return;
            }
            // `last` is the slower neighbour of the new dimension: they
            // merge when stepping `last` equals stepping the new one n times.
            if let Some(last) = walk.ndim.checked_sub(1)
                && let (Some(ln), Some(ld), Some(ls)) =
                    (walk.shape.get_mut(last), walk.dst.get_mut(last), walk.src.get_mut(last))
                && Some(*ld) == d.checked_mul(n as isize)
                && Some(*ls) == s.checked_mul(n as isize)
            {
                *ln = ln.wrapping_mul(n);
                *ld = d;
                *ls = s;
                return;
            }
            // `shape` has at most `N` dimensions, so there is always room.
            if let (Some(wn), Some(wd), Some(ws)) = (
                walk.shape.get_mut(walk.ndim),
                walk.dst.get_mut(walk.ndim),
                walk.src.get_mut(walk.ndim),
            ) {
                (*wn, *wd, *ws) = (n, d, s);
                walk.ndim += 1;
            }
        };
        let dims = shape.iter().zip(dst).zip(src);
        if reverse {
            dims.rev().for_each(|((&n, &d), &s)| push(n, d, s));
        } else {
            dims.for_each(|((&n, &d), &s)| push(n, d, s));
        }
        walk
    }
}

/// Copies every element of a shape from `src` to `dst`, traversing in C order
/// (`reverse == false`) or F order. Both layouts must be valid for their
/// buffers with this itemsize; out-of-range positions are skipped, never
/// read or written.
pub(crate) fn copy<const N: usize>(
    shape: &[usize],
    itemsize: usize,
    dst: &mut [u8],
    dst_side: Side<'_>,
    src: &[u8],
    src_side: Side<'_>,
    reverse: bool,
) {
    if shape.contains(&0) {
        return;
    }
    let walk = Walk::<N>::new(shape, dst_side.strides, src_side.strides, reverse);
    // Feature `small`: one kernel for every itemsize, none specialised.
    #[cfg(feature = "small")]
    run_small(&walk, itemsize, dst, dst_side.offset, src, src_side.offset);
    #[cfg(not(feature = "small"))]
    match itemsize {
        1 => run::<N, 1>(&walk, dst, dst_side.offset, src, src_side.offset),
        2 => run::<N, 2>(&walk, dst, dst_side.offset, src, src_side.offset),
        4 => run::<N, 4>(&walk, dst, dst_side.offset, src, src_side.offset),
        8 => run::<N, 8>(&walk, dst, dst_side.offset, src, src_side.offset),
        16 => run::<N, 16>(&walk, dst, dst_side.offset, src, src_side.offset),
        k => run_dyn(&walk, k, dst, dst_side.offset, src, src_side.offset),
    }
}

/// Copies a view's elements into a contiguous `out` (exactly its nbytes) in
/// C or F order.
pub(crate) fn copy_out<const N: usize>(
    layout: &Layout<N>,
    itemsize: usize,
    src: &[u8],
    out: &mut [u8],
    fortran: bool,
) {
    let ndim = layout.ndim();
    if layout.is_empty() {
        return;
    }
    // Contiguous in the requested order: one memcpy.
    if layout.buffer_is_contiguous(itemsize, fortran) {
        let start = layout.offset();
        if let Some(bytes) = src.get(start..start.saturating_add(out.len())) {
            #[cfg(not(feature = "small"))]
            copy_bytes(out, bytes);
            #[cfg(feature = "small")]
            copy_block(out, bytes);
        }
        return;
    }
    // The strides of a contiguous buffer of this shape in that order.
    let mut strides = [0isize; N];
    let mut acc = itemsize as isize;
    let shape = layout.shape();
    let mut set = |(stride, &n): (&mut isize, &usize)| {
        *stride = acc;
        acc = acc.wrapping_mul(n as isize);
    };
    let Some(strides) = strides.get_mut(..ndim) else { return };
    if fortran {
        strides.iter_mut().zip(shape).for_each(&mut set);
    } else {
        strides.iter_mut().zip(shape).rev().for_each(&mut set);
    }
    copy::<N>(
        shape,
        itemsize,
        out,
        Side { strides, offset: 0 },
        src,
        Side { strides: layout.strides(), offset: layout.offset() },
        fortran,
    );
}

/// Odometer over the outer dimensions of a walk; calls `f` with the start
/// offsets of each innermost run (or of the two innermost dims for tiling).
fn for_each_outer<const N: usize>(
    walk: &Walk<N>,
    inner_dims: usize,
    dst0: usize,
    src0: usize,
    mut f: impl FnMut(isize, isize),
) {
    all_outer(walk, inner_dims, dst0, src0, |d, s| {
        f(d, s);
        true
    });
}

/// As [`for_each_outer`], stopping at the first run for which `f` is
/// false; returns whether `f` held for all.
pub(crate) fn all_outer<const N: usize>(
    walk: &Walk<N>,
    inner_dims: usize,
    dst0: usize,
    src0: usize,
    mut f: impl FnMut(isize, isize) -> bool,
) -> bool {
    let outer = walk.ndim.saturating_sub(inner_dims).min(N);
    let mut index = [0usize; N];
    let (mut d, mut s) = (dst0 as isize, src0 as isize);
    loop {
        if !f(d, s) {
            return false;
        }
        // Advance the odometer over dims [0, outer).
        let mut dim = outer;
        loop {
            let Some(prev) = dim.checked_sub(1) else { return true };
            dim = prev;
            // `outer <= N`, so every `get` here succeeds.
            let (Some(i), Some(&n), Some(&dd), Some(&sd)) =
                (index.get_mut(dim), walk.shape.get(dim), walk.dst.get(dim), walk.src.get(dim))
            else {
                return true;
            };
            *i += 1;
            d = d.wrapping_add(dd);
            s = s.wrapping_add(sd);
            if *i < n {
                break;
            }
            d = d.wrapping_sub(dd.wrapping_mul(n as isize));
            s = s.wrapping_sub(sd.wrapping_mul(n as isize));
            *i = 0;
        }
    }
}

fn run<const N: usize, const K: usize>(
    walk: &Walk<N>,
    dst: &mut [u8],
    dst0: usize,
    src: &[u8],
    src0: usize,
) {
    let Some(last) = walk.ndim.checked_sub(1) else {
        copy_item::<K>(dst, dst0 as isize, src, src0 as isize);
        return;
    };
    let (Some(&n), Some(&ds), Some(&ss)) =
        (walk.shape.get(last), walk.dst.get(last), walk.src.get(last))
    else {
        return;
    };
    let k = K as isize;
    // A transposing 2-D pair: the inner run writes contiguously but reads
    // with a large stride, while the outer dimension reads contiguously.
    // Tiles reorder the writes, so the destination rows must not overlap
    // (where they do, the last write in C order has to win).
    if let Some(outer) = last.checked_sub(1)
        && let (Some(&m), Some(&ods), Some(&oss)) =
            (walk.shape.get(outer), walk.dst.get(outer), walk.src.get(outer))
        && ds == k
        && oss == k
        && ss.unsigned_abs() > 64 * K
        && ods.unsigned_abs() >= n.saturating_mul(K)
    {
        // Blocks of 64 bytes a side (16 is the largest specialised itemsize).
        let tiles = match K {
            1 => transpose_tiles::<1, 64>,
            2 => transpose_tiles::<2, 32>,
            4 => transpose_tiles::<4, 16>,
            8 => transpose_tiles::<8, 8>,
            _ => transpose_tiles::<16, 4>,
        };
        for_each_outer(walk, 2, dst0, src0, |d, s| tiles(dst, d, ods, src, s, ss, m, n));
        return;
    }
    let kernel = choose::<K>(ds, ss);
    for_each_outer(walk, 1, dst0, src0, |d, s| kernel(dst, d, ds, src, s, ss, n));
}

type Kernel = fn(&mut [u8], isize, isize, &[u8], isize, isize, usize);

/// Picks the run kernel once per copy.
fn choose<const K: usize>(ds: isize, ss: isize) -> Kernel {
    let k = K as isize;
    if ds != k {
        return run_items::<K>;
    }
    match ss {
        s if s == k => run_memcpy::<K>,
        s if s == -k => run_reversed::<K>,
        0 => run_broadcast::<K>,
        s if s == 2 * k => run_gather::<K, 2>,
        s if s == 3 * k => run_gather::<K, 3>,
        s if s == 4 * k => run_gather::<K, 4>,
        _ => run_items::<K>,
    }
}

/// The bytes of a run of `n` items of `K` bytes starting at `start` with
/// step `step`, as a slice from its lowest to its highest byte.
fn run_region(bytes: &[u8], start: isize, step: isize, n: usize, k: usize) -> Option<&[u8]> {
    let reach = step.checked_mul(n.checked_sub(1)? as isize)?;
    let lo = start.checked_add(reach.min(0))?;
    let hi = start.checked_add(reach.max(0))?.checked_add(k as isize)?;
    bytes.get(usize::try_from(lo).ok()?..usize::try_from(hi).ok()?)
}

fn run_region_mut(
    bytes: &mut [u8],
    start: isize,
    step: isize,
    n: usize,
    k: usize,
) -> Option<&mut [u8]> {
    let reach = step.checked_mul(n.checked_sub(1)? as isize)?;
    let lo = start.checked_add(reach.min(0))?;
    let hi = start.checked_add(reach.max(0))?.checked_add(k as isize)?;
    bytes.get_mut(usize::try_from(lo).ok()?..usize::try_from(hi).ok()?)
}

fn run_memcpy<const K: usize>(
    dst: &mut [u8],
    d: isize,
    _: isize,
    src: &[u8],
    s: isize,
    _: isize,
    n: usize,
) {
    let len = n.saturating_mul(K);
    let (Ok(d), Ok(s)) = (usize::try_from(d), usize::try_from(s)) else { return };
    if let (Some(out), Some(inp)) =
        (dst.get_mut(d..d.saturating_add(len)), src.get(s..s.saturating_add(len)))
    {
        copy_bytes(out, inp);
    }
}

fn run_reversed<const K: usize>(
    dst: &mut [u8],
    d: isize,
    ds: isize,
    src: &[u8],
    s: isize,
    ss: isize,
    n: usize,
) {
    let (Some(out), Some(inp)) = (run_region_mut(dst, d, ds, n, K), run_region(src, s, ss, n, K))
    else {
        return;
    };
    // Blocks of 16 items: a fixed-size reversal the compiler turns into
    // vector loads, shuffles and stores. Arrays throughout (`as_chunks`):
    // no length to check, no chunk size to divide by.
    const R: usize = 16;
    let (outs, _) = out.as_chunks_mut::<K>();
    let (_, ins) = inp.as_rchunks::<K>();
    let (out_blocks, out_tail) = outs.as_chunks_mut::<R>();
    let (in_head, in_blocks) = ins.as_rchunks::<R>();
    for (o, i) in out_blocks.iter_mut().zip(in_blocks.iter().rev()) {
        let mut block = *i;
        block.reverse();
        *o = block;
    }
    for (o, i) in out_tail.iter_mut().zip(in_head.iter().rev()) {
        *o = *i;
    }
}

fn run_broadcast<const K: usize>(
    dst: &mut [u8],
    d: isize,
    ds: isize,
    src: &[u8],
    s: isize,
    _: isize,
    n: usize,
) {
    let (Some(out), Some(inp)) = (run_region_mut(dst, d, ds, n, K), run_region(src, s, 0, 1, K))
    else {
        return;
    };
    let Ok(item) = <&[u8; K]>::try_from(inp) else { return };
    for o in out.as_chunks_mut::<K>().0 {
        *o = *item;
    }
}

fn run_gather<const K: usize, const R: usize>(
    dst: &mut [u8],
    d: isize,
    ds: isize,
    src: &[u8],
    s: isize,
    ss: isize,
    n: usize,
) {
    let (Some(out), Some(inp)) = (run_region_mut(dst, d, ds, n, K), run_region(src, s, ss, n, K))
    else {
        return;
    };
    // Pieces of 1 KiB of output, each first asking for the source bytes
    // `AHEAD` further on: the request starts the page walk early, which the
    // hardware prefetcher (stopping at page boundaries) does not.
    const PIECE: usize = 1024;
    const AHEAD: usize = 8192;
    let items = PIECE / K;
    #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
    let stream = K == 8 && out.len() >= STREAM_FROM;
    for (c, o) in out.chunks_mut(items * K).enumerate() {
        let start = c * items * R * K;
        let piece = inp.get(start..).unwrap_or_default();
        #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
        {
            crate::simd::prefetch(inp, start + AHEAD);
            if stream {
                let done = crate::simd::gather8_stream::<R>(o, piece);
                let o = o.get_mut(done * K..).unwrap_or_default();
                gather_piece::<K, R>(o, piece.get(done * R * K..).unwrap_or_default());
                continue;
            }
        }
        gather_piece::<K, R>(o, piece);
    }
    #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
    if stream {
        crate::simd::stream_fence();
    }
}

/// A gather of 8-byte items writing this many bytes or more stores around
/// the caches (non-temporal stores): more than most L2 caches hold, so a
/// reader would find little of it there anyway, and the stores skip
/// reading each output line first. W3 (21 MiB out of 64 MiB): 1.12x
/// (0.97x-1.21x over eight alternating runs) against plain stores.
#[cfg(all(target_arch = "x86_64", not(feature = "small")))]
const STREAM_FROM: usize = 4 << 20;

/// One item out of every `R` of `inp` into all of `out`; `inp` may go on
/// past the last item, or end right after it.
#[inline(always)]
fn gather_piece<const K: usize, const R: usize>(out: &mut [u8], inp: &[u8]) {
    let n = out.len() / K;
    // A loop of fixed-size moves the compiler vectorises as an interleaved
    // load (for bytes, a mask and a pack). Pairs of 8-byte items become one
    // 16-byte store.
    if K == 8 {
        // Arrays (`as_chunks`): items of `K` bytes, pairs of groups of `R`
        // items, so the loop has no length to check or chunk size to divide by.
        let (outs, _) = out.as_chunks_mut::<K>();
        let (items, _) = inp.as_chunks::<K>();
        let (out_pairs, _) = outs.as_chunks_mut::<2>();
        let (group_pairs, _) = items.as_chunks::<R>().0.as_chunks::<2>();
        for (o, g) in out_pairs.iter_mut().zip(group_pairs) {
            *o = [g[0][0], g[1][0]];
        }
        // The last one or two items (the source may end after the last).
        let done = 2 * out_pairs.len().min(group_pairs.len());
        for (j, o) in outs.iter_mut().enumerate().take(n).skip(done) {
            if let Some(i) = j.checked_mul(R).and_then(|at| items.get(at)) {
                *o = *i;
            }
        }
        return;
    }
    let mut outs = out.chunks_exact_mut(K);
    let mut ins = inp.chunks_exact(R * K);
    // `ins` first: when it runs out, `outs` still holds the last item.
    for (i, o) in (&mut ins).zip(&mut outs) {
        if let (Ok(o), Some(Ok(i))) =
            (<&mut [u8; K]>::try_from(o), i.get(..K).map(<&[u8; K]>::try_from))
        {
            *o = *i;
        }
    }
    // The last item when the source ends right after it.
    if let (Some(o), Some(i)) =
        (outs.next().and_then(<[u8]>::first_chunk_mut), ins.remainder().first_chunk::<K>())
    {
        *o = *i;
    }
}

fn run_items<const K: usize>(
    dst: &mut [u8],
    d: isize,
    ds: isize,
    src: &[u8],
    s: isize,
    ss: isize,
    n: usize,
) {
    let (mut d, mut s) = (d, s);
    for _ in 0..n {
        copy_item::<K>(dst, d, src, s);
        d = d.wrapping_add(ds);
        s = s.wrapping_add(ss);
    }
}

fn copy_item<const K: usize>(dst: &mut [u8], d: isize, src: &[u8], s: isize) {
    let (Ok(d), Ok(s)) = (usize::try_from(d), usize::try_from(s)) else { return };
    let item: Option<&[u8; K]> = src.get(s..s.wrapping_add(K)).and_then(|x| x.try_into().ok());
    let out: Option<&mut [u8; K]> =
        dst.get_mut(d..d.wrapping_add(K)).and_then(|x| x.try_into().ok());
    if let (Some(out), Some(item)) = (out, item) {
        *out = *item;
    }
}

/// A 2-D copy whose inner dimension (`n` items, dst step `K`, src step `ss`)
/// and outer dimension (`m` items, dst step `ods`, src step `K`) are moved
/// in `S`×`S` blocks with `S * K` = 64 bytes: each block reads `S` whole
/// cache lines of the source and writes `S` whole lines of the destination,
/// so no line is fetched twice even when the row strides are powers of two
/// that map every row to the same cache set.
#[allow(clippy::too_many_arguments)]
fn transpose_tiles<const K: usize, const S: usize>(
    dst: &mut [u8],
    d0: isize,
    ods: isize,
    src: &[u8],
    s0: isize,
    ss: isize,
    m: usize,
    n: usize,
) {
    let k = K as isize;
    // Start of source run (inner index i, outer index o) and of
    // destination run (outer o, inner i).
    let src_at = |i: usize, o: usize| {
        s0.wrapping_add(ss.wrapping_mul(i as isize)).wrapping_add(k.wrapping_mul(o as isize))
    };
    let dst_at = |o: usize, i: usize| {
        d0.wrapping_add(ods.wrapping_mul(o as isize)).wrapping_add(k.wrapping_mul(i as isize))
    };
    let (o_full, i_full) = (m / S * S, n / S * S);
    // Tiles of `TILE` blocks a side keep the pages of a tile in the TLB.
    let tile = TILE * S;
    for ot in (0..o_full).step_by(tile) {
        for it in (0..i_full).step_by(tile) {
            for o0 in (ot..o_full.min(ot + tile)).step_by(S) {
                for i0 in (it..i_full.min(it + tile)).step_by(S) {
                    // The next block's source rows lie on other pages:
                    // ask for them now, so that their page walks overlap
                    // this block's work.
                    #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
                    for r in i0 + S..i0 + 2 * S {
                        if let Ok(at) = usize::try_from(src_at(r, o0)) {
                            crate::simd::prefetch(src, at);
                        }
                    }
                    block_transpose::<K, S>(dst, dst_at(o0, i0), ods, src, src_at(i0, o0), ss);
                }
            }
        }
    }
    // The edges, item by item, in C order of the destination.
    for o in 0..m {
        let from = if o < o_full { i_full } else { 0 };
        for i in from..n {
            copy_item::<K>(dst, dst_at(o, i), src, src_at(i, o));
        }
    }
}

/// One `S`×`S` block: `S` source runs (step `ss` apart) become `S`
/// destination runs (step `ods` apart).
#[inline(always)]
fn block_transpose<const K: usize, const S: usize>(
    dst: &mut [u8],
    d: isize,
    ods: isize,
    src: &[u8],
    s: isize,
    ss: isize,
) {
    #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
    if K == 4 && S == 16 {
        crate::simd::transpose_block_4(dst, d, ods, src, s, ss);
        return;
    }
    {
        {
            let mut block = [[[0u8; K]; S]; S];
            for (i, row) in block.iter_mut().enumerate() {
                let at = s.wrapping_add(ss.wrapping_mul(i as isize));
                let Some(items) = get_items::<K, S>(src, at) else { return };
                *row = items;
            }
            for o in 0..S {
                let mut items = [[0u8; K]; S];
                for (item, row) in items.iter_mut().zip(&block) {
                    *item = row[o];
                }
                let at = d.wrapping_add(ods.wrapping_mul(o as isize));
                if !put_items::<K, S>(dst, at, &items) {
                    return;
                }
            }
        }
    }
}

/// `S` consecutive items of `K` bytes at `start`: a fixed-length read.
#[inline(always)]
fn get_items<const K: usize, const S: usize>(bytes: &[u8], start: isize) -> Option<[[u8; K]; S]> {
    let start = usize::try_from(start).ok()?;
    let run = bytes.get(start..start.checked_add(S * K)?)?;
    let mut items = [[0u8; K]; S];
    for (item, chunk) in items.iter_mut().zip(run.as_chunks::<K>().0) {
        *item = *chunk;
    }
    Some(items)
}

/// Writes `S` consecutive items at `start`; false when out of range.
#[inline(always)]
fn put_items<const K: usize, const S: usize>(
    bytes: &mut [u8],
    start: isize,
    items: &[[u8; K]; S],
) -> bool {
    let Ok(start) = usize::try_from(start) else { return false };
    let Some(run) = start.checked_add(S * K).and_then(|end| bytes.get_mut(start..end)) else {
        return false;
    };
    for (chunk, item) in run.as_chunks_mut::<K>().0.iter_mut().zip(items) {
        *chunk = *item;
    }
    true
}

/// `dst.copy_from_slice(src)` where the lengths agree, else nothing. Written
/// as a loop (which the compiler turns into `memcpy`) because at opt-level
/// "s" `copy_from_slice` stays an outlined call with its own length check,
/// and that check links a panic.
#[inline(always)]
fn copy_bytes(dst: &mut [u8], src: &[u8]) {
    if dst.len() == src.len() {
        dst.iter_mut().zip(src).for_each(|(d, s)| *d = *s);
    }
}

/// The same traversal for an itemsize without a specialisation (and, with
/// feature `small`, for every itemsize).
fn run_dyn<const N: usize>(
    walk: &Walk<N>,
    k: usize,
    dst: &mut [u8],
    dst0: usize,
    src: &[u8],
    src0: usize,
) {
    let item = |dst: &mut [u8], d: isize, src: &[u8], s: isize| {
        let (Ok(d), Ok(s)) = (usize::try_from(d), usize::try_from(s)) else { return };
        if let (Some(out), Some(inp)) =
            (dst.get_mut(d..d.saturating_add(k)), src.get(s..s.saturating_add(k)))
        {
            copy_bytes(out, inp);
        }
    };
    let Some(last) = walk.ndim.checked_sub(1) else {
        item(dst, dst0 as isize, src, src0 as isize);
        return;
    };
    let (Some(&n), Some(&ds), Some(&ss)) =
        (walk.shape.get(last), walk.dst.get(last), walk.src.get(last))
    else {
        return;
    };
    if ds == k as isize && ss == k as isize {
        let len = n.saturating_mul(k);
        for_each_outer(walk, 1, dst0, src0, |d, s| {
            if let (Some(out), Some(inp)) =
                (run_region_mut(dst, d, 1, len, 1), run_region(src, s, 1, len, 1))
            {
                copy_bytes(out, inp);
            }
        });
        return;
    }
    for_each_outer(walk, 1, dst0, src0, |d, s| {
        let (mut d, mut s) = (d, s);
        for _ in 0..n {
            item(dst, d, src, s);
            d = d.wrapping_add(ds);
            s = s.wrapping_add(ss);
        }
    });
}

/// Feature `small`: every copy in one kernel, whatever the itemsize. A run
/// whose items are contiguous on both sides moves as one block of `n * k`
/// bytes; a run of items of 1, 2, 4 or 8 bytes that the destination holds
/// contiguously moves through arrays with a step ([`gather`]); any other
/// run item by item ([`items`]).
#[cfg(feature = "small")]
fn run_small<const N: usize>(
    walk: &Walk<N>,
    k: usize,
    dst: &mut [u8],
    dst0: usize,
    src: &[u8],
    src0: usize,
) {
    let (n, ds, ss) = match walk.ndim.checked_sub(1) {
        // No dimension left: one item.
        None => (1, 0, 0),
        Some(last) => {
            let (Some(&n), Some(&ds), Some(&ss)) =
                (walk.shape.get(last), walk.dst.get(last), walk.src.get(last))
            else {
                return;
            };
            (n, ds, ss)
        }
    };
    let (n, k) = if ds == k as isize && ss == ds { (1, n.saturating_mul(k)) } else { (n, k) };
    // Items of exactly `W` bytes, contiguous in the destination, a whole
    // number of items apart in the source: every strided copy-out of a 1,
    // 2, 4 or 8-byte format.
    let whole = n > 1 && ds == k as isize && ss != 0 && ss.checked_rem(ds) == Some(0);
    let gather: Option<Gather> = match k {
        1 if whole => Some(gather::<1>),
        2 if whole => Some(gather::<2>),
        4 if whole => Some(gather::<4>),
        8 if whole => Some(gather::<8>),
        _ => None,
    };
    for_each_outer(walk, 1, dst0, src0, |d, s| {
        if let (Some(out), Some(inp)) =
            (run_region_mut(dst, d, ds, n, k), run_region(src, s, ss, n, k))
        {
            match gather {
                Some(gather) => gather(out, inp, ss),
                None => items(out, ds, inp, ss, n, k),
            }
        }
    });
}

/// A [`gather`] for one item width.
#[cfg(feature = "small")]
type Gather = fn(&mut [u8], &[u8], isize);

/// Items of `W` bytes from `inp` (step `ss`, a nonzero multiple of `W`)
/// into all of `out`, each region exactly the span of its run: arrays
/// throughout, no bounds check per item.
#[cfg(feature = "small")]
fn gather<const W: usize>(out: &mut [u8], inp: &[u8], ss: isize) {
    let outs = out.as_chunks_mut::<W>().0.iter_mut();
    let ins = inp.as_chunks::<W>().0;
    let step = ss.unsigned_abs() / W;
    if step == 0 {
        return;
    }
    if ss > 0 {
        outs.zip(ins.iter().step_by(step)).for_each(|(t, f)| *t = *f);
    } else if step == 1 {
        outs.zip(ins.iter().rev()).for_each(|(t, f)| *t = *f);
    } else {
        outs.zip(ins.iter().rev().step_by(step)).for_each(|(t, f)| *t = *f);
    }
}

/// `n` items of `k` bytes from `inp` (step `ss`) to `out` (step `ds`), each
/// region exactly the span of its run; up to 16 bytes an item as two
/// possibly overlapping fixed-size moves, the first and the last bytes
/// (how `memcpy` itself moves a few bytes), longer items by [`copy_block`].
#[cfg(feature = "small")]
fn items(out: &mut [u8], ds: isize, inp: &[u8], ss: isize, n: usize, k: usize) {
    #[inline(always)]
    fn ends<const W: usize>(to: &mut [u8], from: &[u8]) {
        if let (Some(a), Some(b)) = (from.first_chunk::<W>(), from.last_chunk::<W>()) {
            if let Some(t) = to.first_chunk_mut::<W>() {
                *t = *a;
            }
            if let Some(t) = to.last_chunk_mut::<W>() {
                *t = *b;
            }
        }
    }
    // The region starts at the last item when the step is negative.
    let first = |step: isize, len: usize| if step < 0 { len.wrapping_sub(k) } else { 0 };
    let (mut o, mut i) = (first(ds, out.len()), first(ss, inp.len()));
    for _ in 0..n {
        if let (Some(to), Some(from)) =
            (out.get_mut(o..).and_then(|t| t.get_mut(..k)), inp.get(i..).and_then(|f| f.get(..k)))
        {
            match k {
                1 => ends::<1>(to, from),
                2..4 => ends::<2>(to, from),
                4..8 => ends::<4>(to, from),
                8..=16 => ends::<8>(to, from),
                _ => copy_block(to, from),
            }
        }
        o = o.wrapping_add_signed(ds);
        i = i.wrapping_add_signed(ss);
    }
}

/// `to.copy_from_slice(from)` for slices of the same length (else a
/// prefix), in moves of 32 bytes and then of single bytes. `copy_from_slice`
/// itself stays an outlined call at opt-level "s", and its length check
/// links a panic; the byte loop of [`copy_bytes`] is not always turned into
/// `memcpy` at that level.
#[cfg(feature = "small")]
#[inline(never)]
fn copy_block(to: &mut [u8], from: &[u8]) {
    let (to_blocks, to_tail) = to.as_chunks_mut::<32>();
    let (from_blocks, from_tail) = from.as_chunks::<32>();
    for (t, f) in to_blocks.iter_mut().zip(from_blocks) {
        *t = *f;
    }
    for (t, f) in to_tail.iter_mut().zip(from_tail) {
        *t = *f;
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    proptest::proptest! {
        /// Long 1-D runs with every specialised step (several prefetch
        /// pieces, both signs) against an item-by-item model.
        #[test]
        fn long_runs_match_the_model(
            n in 0usize..2500,
            k in proptest::sample::select(&[1usize, 2, 4, 8, 16, 3, 5, 12, 24][..]),
            step in proptest::sample::select(&[1isize, -1, 2, 3, 4, -2, 5, 0][..]),
            pad in 0usize..9,
            seed in proptest::prelude::any::<u8>(),
        ) {
            let reach = n.saturating_sub(1) * step.unsigned_abs() + 1;
            let src: Vec<u8> = (0..reach * k + 2 * pad).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect();
            // The last item of the run ends `pad` bytes before the end.
            let start = if step < 0 { pad + (reach - 1) * k } else { pad };
            let strides = [step * k as isize];
            let mut out = std::vec![0u8; n * k + 1];
            copy::<1>(
                &[n],
                k,
                &mut out[1..],
                Side { strides: &[k as isize], offset: 0 },
                &src,
                Side { strides: &strides, offset: start },
                false,
            );
            let mut model = std::vec![0u8; n * k + 1];
            for j in 0..n {
                let at = (start as isize + j as isize * strides[0]) as usize;
                model[1 + j * k..1 + (j + 1) * k].copy_from_slice(&src[at..at + k]);
            }
            proptest::prop_assert_eq!(out, model);
        }
    }

    proptest::proptest! {
        // Runs of 4 MiB: a few cases.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// Gathers of 8-byte items long enough for non-temporal stores,
        /// the output at every alignment (streamed only when 16-byte
        /// aligned), the source ending right after the last item or later.
        #[test]
        #[cfg(all(target_arch = "x86_64", not(feature = "small")))]
        fn streamed_gathers_match_the_model(
            extra in 0usize..40,
            step in proptest::sample::select(&[2usize, 3, 4][..]),
            shift in 0usize..17,
            pad in proptest::sample::select(&[0usize, 8, 13][..]),
        ) {
            let n = STREAM_FROM / 8 + extra;
            let len = ((n - 1) * step + 1) * 8 + pad;
            let src: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let mut out = std::vec![0u8; n * 8 + 32];
            // `shift` bytes into a 16-byte aligned start.
            let base = out.as_ptr().align_offset(16);
            let at = base + shift;
            let strides = [8 * step as isize];
            copy::<1>(
                &[n],
                8,
                &mut out[at..at + n * 8],
                Side { strides: &[8], offset: 0 },
                &src,
                Side { strides: &strides, offset: 0 },
                false,
            );
            for j in 0..n {
                let got = &out[at + j * 8..at + j * 8 + 8];
                proptest::prop_assert_eq!(got, &src[j * step * 8..j * step * 8 + 8]);
            }
            proptest::prop_assert!(out[..at].iter().all(|&b| b == 0));
            proptest::prop_assert!(out[at + n * 8..].iter().all(|&b| b == 0));
        }
    }
}
