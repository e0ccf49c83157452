//! Views and `std::io`: fill a writable view from any [`Read`] (Python's
//! `readinto`, strided destinations included) and write a view to any
//! [`Write`] in C or Fortran order.
//!
//! A contiguous view is read or written in place, with no buffer between.
//! A strided one goes through one 8 KiB stack buffer, a few rows at a time:
//! nothing is allocated and no whole copy is ever built.

use std::io::{self, ErrorKind as IoErrorKind, Read, Write};

use view_core::{Layout, Order, Result as ViewResult, View, ViewMut};

/// Bytes moved through the stack buffer at a time.
const CHUNK: usize = 8192;

/// C, or F when asked for F, or for A when the view is Fortran- but not
/// C-contiguous (memoryview's `tobytes` rule).
fn fortran<const N: usize>(view: &View<'_, N>, order: Order) -> bool {
    view.layout().resolve(order, view.itemsize()) == Order::F
}

/// Writes the view's elements to `writer` in `order` (C: last index
/// fastest; F: first index fastest; A: F when the view is Fortran- but not
/// C-contiguous): the bytes of memoryview's `tobytes(order)`, streamed.
///
/// A C-contiguous view (or an F-contiguous one in F order) is written in one
/// `write_all` of its memory; otherwise whole rows are gathered into an
/// 8 KiB stack buffer and written a buffer at a time.
///
/// # Errors
///
/// The writer's errors.
///
/// # Examples
///
/// ```
/// use view_core::{Order, View};
///
/// let data = [1u8, 2, 3, 4, 5, 6];
/// let m = View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
/// let mut out = Vec::new();
/// view_std::write_view(&mut out, &m, Order::F)?;
/// assert_eq!(out, [1, 4, 2, 5, 3, 6]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_view<W: Write + ?Sized, const N: usize>(
    writer: &mut W,
    view: &View<'_, N>,
    order: Order,
) -> io::Result<()> {
    // F order of a view is C order of its transpose.
    let view = if fortran(view, order) { view.transpose() } else { *view };
    let mut buf = [0u8; CHUNK];
    write_c(writer, view, &mut buf)
}

fn write_c<W: Write + ?Sized, const N: usize>(
    writer: &mut W,
    view: View<'_, N>,
    buf: &mut [u8; CHUNK],
) -> io::Result<()> {
    if let Some(bytes) = view.as_contiguous_bytes() {
        return writer.write_all(bytes);
    }
    let nbytes = view.nbytes();
    if nbytes <= CHUNK {
        let out = &mut buf[..nbytes];
        view.copy_to_slice(out, Order::C)?;
        return writer.write_all(out);
    }
    // Not contiguous, so at least one dimension, and more than a buffer.
    let rows = view.shape()[0];
    let row_bytes = nbytes / rows;
    if row_bytes > CHUNK {
        for i in 0..rows {
            write_c(writer, view.index_axis(0, i as isize)?, buf)?;
        }
        return Ok(());
    }
    for (start, end) in groups(rows, CHUNK / row_bytes) {
        let block = view.slice(0, start as isize..end as isize)?;
        write_c(writer, block, buf)?;
    }
    Ok(())
}

/// `0..rows` cut into runs of `per` (at least 1).
fn groups(rows: usize, per: usize) -> impl Iterator<Item = (usize, usize)> {
    let per = per.max(1);
    (0..rows).step_by(per).map(move |start| (start, (start + per).min(rows)))
}

/// Fills the view's elements from `reader` in `order`, as Python's
/// `readinto`: reads until the view is full or the reader is exhausted, and
/// returns the number of bytes stored. At the end of the input the last
/// element may be filled in part; the elements after it are left as they were.
///
/// A contiguous destination is read into directly; a strided one through an
/// 8 KiB stack buffer, scattered a few rows at a time.
///
/// # Errors
///
/// The reader's errors (reads interrupted by `Interrupted` are retried).
///
/// # Examples
///
/// ```
/// use view_core::{Order, Slice, ViewMut};
///
/// let mut data = [0u8; 6];
/// let odd = ViewMut::from_bytes(&mut data).slice(0, Slice::new(Some(1), None, Some(2)))?;
/// let mut odd = odd;
/// let n = view_std::read_into(&mut &b"abcdef"[..], &mut odd, Order::C)?;
/// assert_eq!(n, 3);
/// assert_eq!(&data, b"\0a\0b\0c");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_into<R: Read + ?Sized, const N: usize>(
    reader: &mut R,
    view: &mut ViewMut<'_, N>,
    order: Order,
) -> io::Result<usize> {
    let target =
        if fortran(&view.as_view(), order) { view.reborrow().transpose() } else { view.reborrow() };
    let mut buf = [0u8; CHUNK];
    let mut state = ReadState { total: 0, done: false };
    read_c(reader, target, &mut buf, &mut state)?;
    Ok(state.total)
}

/// Fills every element of the view from `reader` in `order`, or fails.
///
/// # Errors
///
/// The reader's errors, and `UnexpectedEof` when the input ends first
/// (the elements read so far keep their new bytes).
///
/// # Examples
///
/// ```
/// use view_core::{Order, ViewMut};
///
/// let mut data = [0u8; 4];
/// let mut m = ViewMut::new(&mut data, "B", &[2, 2], &[2, 1], 0)?;
/// view_std::read_exact_into(&mut &[1u8, 2, 3, 4][..], &mut m, Order::F)?;
/// assert_eq!(data, [1, 3, 2, 4]);
///
/// let mut m = ViewMut::from_bytes(&mut data);
/// let err = view_std::read_exact_into(&mut &[9u8][..], &mut m, Order::C).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_exact_into<R: Read + ?Sized, const N: usize>(
    reader: &mut R,
    view: &mut ViewMut<'_, N>,
    order: Order,
) -> io::Result<()> {
    let want = view.as_view().nbytes();
    if read_into(reader, view, order)? == want {
        Ok(())
    } else {
        Err(io::Error::new(IoErrorKind::UnexpectedEof, "failed to fill whole view"))
    }
}

struct ReadState {
    total: usize,
    done: bool,
}

/// Reads into `out` until it is full or the reader ends; marks `done` at the end.
fn fill<R: Read + ?Sized>(
    reader: &mut R,
    out: &mut [u8],
    state: &mut ReadState,
) -> io::Result<usize> {
    let mut got = 0;
    while got < out.len() && !state.done {
        match reader.read(&mut out[got..]) {
            Ok(0) => state.done = true,
            Ok(n) => got += n,
            Err(e) if e.kind() == IoErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    state.total += got;
    Ok(got)
}

fn read_c<R: Read + ?Sized, const N: usize>(
    reader: &mut R,
    mut view: ViewMut<'_, N>,
    buf: &mut [u8; CHUNK],
    state: &mut ReadState,
) -> io::Result<()> {
    if state.done {
        return Ok(());
    }
    if let Some(bytes) = view.as_contiguous_bytes_mut() {
        fill(reader, bytes, state)?;
        return Ok(());
    }
    let nbytes = view.as_view().nbytes();
    if nbytes <= CHUNK {
        let got = fill(reader, &mut buf[..nbytes], state)?;
        return scatter(view, &buf[..got]).map_err(io::Error::from);
    }
    let rows = view.as_view().shape()[0];
    let row_bytes = nbytes / rows;
    if row_bytes > CHUNK {
        for i in 0..rows {
            read_c(reader, view.reborrow().index_axis(0, i as isize)?, buf, state)?;
        }
        return Ok(());
    }
    for (start, end) in groups(rows, CHUNK / row_bytes) {
        let block = view.reborrow().slice(0, start as isize..end as isize)?;
        read_c(reader, block, buf, state)?;
    }
    Ok(())
}

/// Stores `bytes` (C order, at most the view's `nbytes`) into the view's
/// elements; a short `bytes` fills a prefix of the elements.
fn scatter<const N: usize>(view: ViewMut<'_, N>, bytes: &[u8]) -> ViewResult<()> {
    let (buffer, format, layout) = view.into_parts();
    let k = format.itemsize();
    let mut dst = ViewMut::from_parts(buffer, format, layout)?;
    if bytes.len() == layout.count() * k {
        let src: View<'_, N> =
            View::from_parts(bytes, format, Layout::c_contiguous(layout.shape(), k, 0)?)?;
        return dst.copy_from(&src);
    }
    // The end of the input: element by element, the last one in part.
    let mut index = [0isize; N];
    let index = &mut index[..layout.ndim()];
    for chunk in bytes.chunks(k) {
        let element = dst.element_bytes_mut(index)?;
        element[..chunk.len()].copy_from_slice(chunk);
        advance(index, layout.shape());
    }
    Ok(())
}

/// The next multi-index in C order.
fn advance(index: &mut [isize], shape: &[usize]) {
    for (i, &n) in index.iter_mut().zip(shape).rev() {
        *i += 1;
        if (*i as usize) < n {
            return;
        }
        *i = 0;
    }
}
