//! The smallest useful use of view-core, as a firmware task makes it: a
//! `#![no_std]`, `#![no_main]` program without an allocator, built and run
//! by `cargo xtask nostd`, which also proves that no panic path is linked
//! into it.
//!
//! It parses one fixed format (`<h`), views a DMA-style frame buffer as a
//! 2-D matrix, takes a stepped slice, reads elements through typed access
//! and copies the slice out in C order into a caller's buffer.
//!
//! The frame geometry goes through [`black_box`], as if it came from a
//! peripheral's registers at run time, so that the optimiser cannot fold
//! view-core's checks away and the measured size is what a real task pays.
//! Output uses libc's `write` with fixed strings and a small decimal
//! printer: `core::fmt` is not linked.
#![no_std]
#![no_main]

use core::ffi::{c_char, c_int, c_void};
use core::hint::black_box;
use core::panic::PanicInfo;

use view_core::{Order, Slice, View};

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

/// Writes all of `bytes` to file descriptor `fd`; false when that fails.
fn put(fd: c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a live slice, so its pointer is valid for
        // reads of `bytes.len()` bytes for the whole call.
        let written = unsafe { write(fd, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(written).ok().and_then(|n| bytes.get(n..)) {
            Some(rest) if written > 0 => bytes = rest,
            _ => return false,
        }
    }
    true
}

/// Writes `n` in decimal to standard output.
fn put_int(n: i64) -> bool {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n.unsigned_abs();
    for slot in digits.iter_mut().rev() {
        // `rest % 10` is a digit, so the cast cannot truncate.
        *slot = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let sign: &[u8] = if n < 0 { b"-" } else { b"" };
    put(1, sign) && put(1, digits.get(digits.len() - len..).unwrap_or(&digits))
}

/// Never referenced when no panic path is linked, which `cargo xtask nostd`
/// checks: it then leaves the binary with the rest of the unused code.
#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
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

/// Rows and columns of the frame.
const ROWS: usize = 4;
const COLS: usize = 6;

/// The frame a DMA engine filled: `ROWS` x `COLS` little-endian `i16`
/// samples in C order, sample `[r, c]` = `(r * COLS + c) - 10`.
static FRAME: [u8; 2 * ROWS * COLS] = samples();

const fn samples() -> [u8; 2 * ROWS * COLS] {
    let mut bytes = [0u8; 2 * ROWS * COLS];
    let mut i = 0;
    while i < ROWS * COLS {
        let le = (i as i16 - 10).to_le_bytes();
        bytes[2 * i] = le[0];
        bytes[2 * i + 1] = le[1];
        i += 1;
    }
    bytes
}

/// The C runtime's entry point calls this: exit status 0 when every check
/// passes, 1 when one fails.
// SAFETY: nothing else in the program defines a `main` symbol; the C
// runtime calls it with the signature declared here.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    let mut out = [0u8; 2 * ROWS * COLS];
    match task(black_box(&FRAME), black_box([ROWS, COLS]), &mut out) {
        Some(sum) if sum == expected_sum() && out.get(..2) == Some(&1i16.to_le_bytes()[..]) => {
            let ok = put(1, b"view-nostd-minimal: all checks passed (parse <h, 2-D view, ")
                && put(1, b"stepped slice, typed reads, C-order copy out)\n")
                && put(1, b"  sum of m[1::2, ::-2] = ")
                && put_int(sum)
                && put(1, b"\n");
            if ok { 0 } else { 1 }
        }
        _ => {
            put(2, b"view-nostd-minimal: FAILED\n");
            1
        }
    }
}

/// The sum of the samples of `m[1::2, ::-2]` for the frame `samples` builds.
fn expected_sum() -> i64 {
    let mut sum = 0;
    for r in [1, 3] {
        for c in [5, 3, 1] {
            sum += (r * COLS as i64 + c) - 10;
        }
    }
    sum
}

/// The firmware task: views `frame` as a `shape[0]` x `shape[1]` matrix of
/// `<h`, takes the odd rows with the columns reversed from the last in steps
/// of two (`m[1::2, ::-2]`), sums them through typed reads, and copies them
/// into `out` in C order. `None` on any error.
fn task(frame: &[u8], shape: [usize; 2], out: &mut [u8]) -> Option<i64> {
    let row_stride = isize::try_from(shape[1].checked_mul(2)?).ok()?;
    let m = View::new(frame, "<h", &shape, &[row_stride, 2], 0).ok()?;
    let v = m
        .slice(0, Slice::new(Some(1), None, Some(2)))
        .ok()?
        .slice(1, Slice::new(None, None, Some(-2)))
        .ok()?;
    let t = v.typed::<i16>().ok()?;
    let mut sum = 0i64;
    let (&rows, &cols) = (v.shape().first()?, v.shape().get(1)?);
    for r in 0..isize::try_from(rows).ok()? {
        for c in 0..isize::try_from(cols).ok()? {
            sum += i64::from(t.get(&[r, c]).ok()?);
        }
    }
    v.copy_to_slice(out.get_mut(..v.nbytes())?, Order::C).ok()?;
    Some(sum)
}
