//! view-core without std and without an allocator: a `#![no_std]`,
//! `#![no_main]` program for the host, built and run by `cargo xtask nostd`.
//!
//! It parses formats, builds a view over a static byte array, slices,
//! casts, indexes, copies out and hex-encodes into stack buffers, writes
//! through a `ViewMut`, checks every answer (exit status 1 on a wrong one)
//! and prints the sizes of the view types.
//!
//! There is no std, so nothing starts the program but the C runtime: its
//! `_start` (crt1) calls the `main` below, and libc's `write` is the only
//! OS service used. Keeping crt1 and libc (instead of `-nostartfiles` and
//! raw syscalls) keeps the program small and portable to any libc host;
//! what matters is that neither std nor `alloc` is linked, and there is no
//! `#[global_allocator]`, so any allocation would fail to link.
#![no_std]
#![no_main]

use core::ffi::{c_char, c_int, c_void};
use core::fmt::{self, Write};
use core::mem::size_of;
use core::panic::PanicInfo;

use view_core::{ErrorKind, Format, Order, Scalar, Slice, View, ViewMut};

// SAFETY: the signatures match POSIX `write(2)` and C `abort(3)` as glibc
// declares them (`ssize_t` is `isize`, `size_t` is `usize` on every Rust
// target with libc). rustc links with `-nodefaultlibs`, hence `link`.
#[link(name = "c")]
unsafe extern "C" {
    /// POSIX `write(2)`.
    fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    /// C `abort(3)`: takes nothing, never returns, so it is safe to call.
    safe fn abort() -> !;
}

/// A file descriptor as a `fmt::Write` sink.
struct Fd(c_int);

impl Write for Fd {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s.as_bytes();
        while !rest.is_empty() {
            // SAFETY: `rest` is a live slice, so its pointer is valid for
            // reads of `rest.len()` bytes for the whole call.
            let written = unsafe { write(self.0, rest.as_ptr().cast(), rest.len()) };
            match usize::try_from(written) {
                Ok(n) if n > 0 => rest = rest.get(n..).ok_or(fmt::Error)?,
                _ => return Err(fmt::Error),
            }
        }
        Ok(())
    }
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    let _ = writeln!(Fd(2), "view-nostd: panic: {info}");
    abort()
}

/// Never called: panics abort, so nothing unwinds. The prebuilt `libcore`
/// is compiled for unwinding, and its unwind tables name this symbol, which
/// std (absent here) would define; stable Rust cannot declare the
/// `eh_personality` lang item, so a plain symbol satisfies the linker.
// SAFETY: no other object in the link defines `rust_eh_personality`
// (std, which would, is not linked).
#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {
    abort()
}

/// The C runtime's entry point calls this: exit status 0 when every check
/// passes, 1 when one fails.
// SAFETY: nothing else in the program defines a `main` symbol; the C
// runtime calls it with the signature declared here.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    match exercise(&mut Fd(1)) {
        Ok(()) => 0,
        Err(failure) => {
            let _ = writeln!(Fd(2), "view-nostd: FAILED: {failure}");
            1
        }
    }
}

/// 24 little-endian `u16` values `0..24`: a 4x6 matrix in C order.
static DATA: [u8; 48] = counting_le_u16();

const fn counting_le_u16() -> [u8; 48] {
    let mut bytes = [0u8; 48];
    let mut i = 0;
    while i < 24 {
        bytes[2 * i] = i as u8;
        i += 1;
    }
    bytes
}

/// Why the program failed.
enum Failure {
    /// view-core returned an error where none was expected.
    View(view_core::Error),
    /// A result differed from the expected one.
    Wrong(&'static str),
    /// Writing to stdout failed.
    Output,
}

impl From<view_core::Error> for Failure {
    fn from(e: view_core::Error) -> Self {
        Self::View(e)
    }
}

impl From<fmt::Error> for Failure {
    fn from(_: fmt::Error) -> Self {
        Self::Output
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::View(e) => write!(f, "unexpected error: {e}"),
            // `write_str`, not `{what}`: `Display` of a `str` goes through
            // `Formatter::pad` (widths, precision, char counting), 2.5 KB.
            Self::Wrong(what) => {
                f.write_str("wrong answer: ")?;
                f.write_str(what)
            }
            Self::Output => f.write_str("cannot write to stdout"),
        }
    }
}

fn check(ok: bool, what: &'static str) -> Result<(), Failure> {
    if ok { Ok(()) } else { Err(Failure::Wrong(what)) }
}

fn exercise(out: &mut Fd) -> Result<(), Failure> {
    // Formats: native mode pads the `i` to its alignment, standard mode does not.
    let native = Format::parse("@bi")?;
    let standard = Format::parse("<bi")?;
    check(native.itemsize() == 8 && standard.itemsize() == 5, "itemsize of @bi and <bi")?;
    check(
        Format::parse("<n").map_err(|e| e.kind()) == Err(ErrorKind::Value),
        "`n` only in native mode",
    )?;

    // A 4x6 matrix of little-endian u16 over the static bytes.
    let m = View::new(&DATA, "<H", &[4, 6], &[12, 2], 0)?;
    check(m.get(&[2, 3])? == Scalar::Int(15), "m[2, 3]")?;
    check(m.get(&[-1, -1])? == Scalar::Int(23), "m[-1, -1]")?;
    check(
        m.get(&[4, 0]).map_err(|e| e.kind()) == Err(ErrorKind::Index),
        "m[4, 0] is out of range",
    )?;

    // Rows reversed and every other column from 1: a 4x3 view of the same bytes.
    let v = m.slice(0, Slice::new(None, None, Some(-1)))?.slice(1, Slice::from(1..6).step_by(2))?;
    check(v.shape() == [4, 3] && v.strides() == [-12, 4], "shape and strides of m[::-1, 1::2]")?;
    check(v.get(&[0, 0])? == Scalar::Int(19), "m[::-1, 1::2][0, 0]")?;

    // Copy out in C order into a stack buffer.
    let mut copied = [0u8; 24];
    v.copy_to_slice(&mut copied, Order::C)?;
    let mut expected = [0u8; 24];
    let cells = [3u8, 2, 1, 0].into_iter().flat_map(|row| [1u8, 3, 5].map(|col| row * 6 + col));
    for (item, value) in expected.as_chunks_mut::<2>().0.iter_mut().zip(cells) {
        *item = [value, 0];
    }
    check(copied == expected, "copy_to_slice of m[::-1, 1::2]")?;

    // Cast the bytes to a 3x4 matrix of little-endian u32.
    let words = View::from_bytes(&DATA).cast("<I", Some(&[3, 4]))?;
    check(words.get(&[1, 2])? == Scalar::Int(12 | 13 << 16), "cast to <I, [1, 2]")?;

    // The same matrix at capacity 4: a column of it.
    let small: View<'_, 4> = m.into_capacity()?;
    let column = small.index_axis(1, 2)?;
    check(
        column.shape() == [4] && column.get(&[3])? == Scalar::Int(20),
        "column 2 of m, capacity 4",
    )?;

    // Hex into a stack buffer, as memoryview.hex(':', 2).
    let row = m.index_axis(0, 0)?;
    let mut hex = [0u8; 29];
    check(row.hex_len(Some(':'), 2)? == hex.len(), "hex_len of row 0")?;
    row.hex_to_slice(&mut hex, Some(':'), 2)?;
    check(&hex == b"0000:0100:0200:0300:0400:0500", "hex of row 0")?;

    // Writes through a ViewMut of a stack buffer, with memoryview's range check.
    let mut buf = [0u8; 8];
    let mut shorts = ViewMut::from_bytes(&mut buf).cast("<h", None)?;
    shorts.set(&[-1], Scalar::Int(-2))?;
    check(
        shorts.set(&[0], Scalar::Int(40_000)).map_err(|e| e.kind()) == Err(ErrorKind::Value),
        "40000 into <h",
    )?;
    check(buf == [0, 0, 0, 0, 0, 0, 0xfe, 0xff], "bytes after set")?;

    writeln!(
        out,
        "view-nostd: all checks passed (parse, view, slice, cast, index, copy_to_slice, hex_to_slice, set)"
    )?;
    // As i64: core's i128 formatting links a bounds check (a panic path).
    let first = v
        .get(&[0, 0])?
        .as_int()
        .and_then(|n| i64::try_from(n).ok())
        .ok_or(Failure::Wrong("m[::-1, 1::2][0, 0] is a small integer"))?;
    writeln!(out, "  m[::-1, 1::2][0, 0] = {first}, hex(m[0], ':', 2) = {}", Hex(&hex))?;
    writeln!(
        out,
        "  size_of::<View<'_>>()        = {:4} bytes (default capacity 4)",
        size_of::<View<'_>>()
    )?;
    writeln!(
        out,
        "  size_of::<ViewMut<'_>>()     = {:4} bytes (default capacity 4)",
        size_of::<ViewMut<'_>>()
    )?;
    writeln!(out, "  size_of::<View<'_, 64>>()    = {:4} bytes", size_of::<View<'_, 64>>())?;
    writeln!(out, "  size_of::<ViewMut<'_, 64>>() = {:4} bytes", size_of::<ViewMut<'_, 64>>())?;
    Ok(())
}

/// ASCII bytes shown as text.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|&b| f.write_char(char::from(b)))
    }
}
