//! [`Element`]: the Rust types that are format codes, and [`PodElement`],
//! those any byte pattern of which is a valid value.
//!
//! Every conversion between elements and bytes goes through `bytemuck`
//! (plain-old-data casts, checked casts for `bool`); this module holds no
//! `unsafe` code.

use core::ffi::{c_int, c_long};
use core::marker::PhantomData;
use core::mem::size_of;

use bytemuck::{Pod, Zeroable};

use crate::format::{ByteOrder, Class, Code, Field, Fields, Format, Mode};

pub(crate) mod sealed {
    /// Only this crate (and `#[derive(Element)]`, which it controls)
    /// implements [`Element`](super::Element), so that the trait can grow
    /// without breaking anyone.
    pub trait Sealed {}
}

/// A Rust type that is a format code: `u8`..`u64`, `i8`..`i64`, `usize`,
/// `isize`, `f32`, `f64`, `half::f16` (feature `half`), `bool`, the
/// byte-order types [`Be`](crate::Be) and [`Le`](crate::Le), fixed arrays of
/// them (nested too: `[[u16; 3]; 2]` is `"6H"`), and `#[repr(C)]` structs
/// of them with `#[derive(Element)]` (feature `derive`): records `T{...}`.
///
/// [`FORMAT`](Element::FORMAT) is the native struct code; a view holds
/// elements of type `T` when its format describes the same values at the
/// same offsets in native byte order ([`matches`](Element::matches)): `"<H"`
/// is a `u16` on a little-endian target, `">H"` is not; `"l"` is an `i64`
/// where C's `long` has 8 bytes.
///
/// `bool` is decoded (any nonzero byte is `true`, as `struct` reads `?`),
/// never reinterpreted from arbitrary bytes. The trait is sealed.
///
/// # Examples
///
/// ```
/// use view_core::Element;
///
/// assert_eq!(u16::FORMAT, "H");
/// assert_eq!(<[u16; 4]>::FORMAT, "4H");
/// assert_eq!(<[[f32; 2]; 3]>::FORMAT, "6f");
/// assert_eq!(bool::read_from(&[2]), Some(true));
/// assert_eq!(u16::read_from(&7u16.to_ne_bytes()), Some(7));
/// ```
pub trait Element: Copy + Send + Sync + Zeroable + 'static + sealed::Sealed {
    /// The format string of one element, in native mode (`"H"`, `"4H"`).
    const FORMAT: &'static str;

    /// The format code of the innermost scalar (`"H"` for `[[u16; 2]; 3]`).
    const UNIT: &'static str;

    /// How many scalars of [`UNIT`](Element::UNIT) one element holds (6 for
    /// `[[u16; 2]; 3]`, 1 for a scalar).
    const COUNT: usize;

    /// Whether every byte pattern of `size_of::<Self>()` bytes is a valid
    /// value: true for all but `bool` and arrays of `bool`. Only such
    /// elements can be exported writable (see [`PodElement`]).
    const ANY_BIT_PATTERN: bool;

    /// Decodes one element from exactly `size_of::<Self>()` bytes in native
    /// byte order, or `None` when `bytes` has another length.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Element;
    ///
    /// assert_eq!(<[u8; 2]>::read_from(b"ab"), Some([b'a', b'b']));
    /// assert_eq!(u32::read_from(b"ab"), None);
    /// ```
    fn read_from(bytes: &[u8]) -> Option<Self>;

    /// The bytes of a slice of elements (no copy).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Element;
    ///
    /// assert_eq!(bool::as_bytes(&[true, false]), &[1, 0]);
    /// assert_eq!(<[u8; 2]>::as_bytes(&[[1, 2], [3, 4]]), &[1, 2, 3, 4]);
    /// ```
    fn as_bytes(slice: &[Self]) -> &[u8];

    /// The elements of `bytes` (no copy), or `None` when `bytes` is not
    /// aligned for `Self`, its length is not a multiple of the element
    /// size, or (for `bool`) a byte is neither 0 nor 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Element;
    ///
    /// assert_eq!(bool::cast_slice(&[0, 1]), Some(&[false, true][..]));
    /// assert_eq!(bool::cast_slice(&[2]), None);
    /// assert_eq!(<[u8; 2]>::cast_slice(b"abc"), None);
    /// ```
    fn cast_slice(bytes: &[u8]) -> Option<&[Self]>;

    /// The elements of `bytes`, writable (no copy); `None` as for
    /// [`cast_slice`](Element::cast_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Element;
    ///
    /// let mut data = [0u8, 1];
    /// if let Some(flags) = bool::cast_slice_mut(&mut data) {
    ///     flags[0] = true;
    /// }
    /// assert_eq!(data, [1, 1]);
    /// ```
    fn cast_slice_mut(bytes: &mut [u8]) -> Option<&mut [Self]>;

    /// Writes this element in native byte order into `out`, which must be
    /// exactly `size_of::<Self>()` bytes; returns whether it was.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Element;
    ///
    /// let mut out = [0u8; 2];
    /// assert!(0x0102u16.write_to(&mut out));
    /// assert_eq!(out, 0x0102u16.to_ne_bytes());
    /// assert!(!true.write_to(&mut out));
    /// ```
    fn write_to(self, out: &mut [u8]) -> bool {
        let bytes = Self::as_bytes(core::slice::from_ref(&self));
        if out.len() != bytes.len() {
            return false;
        }
        out.copy_from_slice(bytes);
        true
    }

    /// Whether `format` describes this element: the same itemsize and the
    /// same scalars (kind and size) at the same offsets, each in native byte
    /// order unless it is one byte wide.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Element, Format};
    ///
    /// let le = cfg!(target_endian = "little");
    /// assert_eq!(u16::matches(&Format::parse("<H")?), le);
    /// assert_eq!(u16::matches(&Format::parse(">H")?), !le);
    /// assert!(u8::matches(&Format::parse(">B")?));
    /// assert!(<[u16; 2]>::matches(&Format::parse("HH")?));
    /// assert!(!i16::matches(&Format::parse("H")?));
    /// assert!(!u16::matches(&Format::parse("Hx")?));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    fn matches(format: &Format<'_>) -> bool {
        match scalar_match::<Self>(format) {
            Some(answer) => answer,
            None => walk_matches::<Self>(format),
        }
    }
}

/// The facts of one scalar that decide whether two one-code formats
/// describe the same value, packed in a word: the kind, the size, and the
/// byte order unless one byte wide (where it does not matter). 0 is no
/// key: not one value code.
const fn scalar_key(code: Code, mode: Mode) -> u32 {
    let size = code.size(mode);
    if size == 0 || size > 0xff {
        return 0;
    }
    let order = match (size, mode.byte_order()) {
        (1, _) => 0,
        (_, ByteOrder::Little) => 1,
        (_, ByteOrder::Big) => 2,
    };
    (code.class() as u32 + 1) | (size as u32) << 8 | order << 16
}

/// The [`scalar_key`] of an element's format text when it is one value
/// code, with or without a byte-order prefix (`"d"`, `"<H"`), of the
/// element's size; 0 for any other text (arrays, records), which is
/// matched by walking it.
const fn text_key(text: &str, element_size: usize) -> u32 {
    let (mode, c) = match *text.as_bytes() {
        [c] => (Mode::Native, c),
        [p, c] => {
            let mode = match p {
                b'@' => Mode::Native,
                b'^' => Mode::Unaligned,
                b'=' => Mode::Standard,
                b'<' => Mode::Little,
                b'>' | b'!' => Mode::Big,
                _ => return 0,
            };
            (mode, c)
        }
        _ => return 0,
    };
    let Some(code) = Code::from_char(c as char) else { return 0 };
    // Codes with native sizes only are no format in the standard modes.
    let native_only = matches!(code, Code::SSize | Code::Size | Code::Pointer | Code::LongDouble);
    if native_only && !matches!(mode, Mode::Native | Mode::Unaligned) {
        return 0;
    }
    if !matches!(
        code.class(),
        Class::Signed | Class::Unsigned | Class::Float | Class::Bool | Class::Char
    ) || code.size(mode) != element_size
    {
        return 0;
    }
    scalar_key(code, mode)
}

/// [`text_key`] of `T::FORMAT`, made at compile time.
struct OwnKey<T>(PhantomData<T>);

impl<T: Element> OwnKey<T> {
    const KEY: u32 = text_key(T::FORMAT, size_of::<T>());
}

/// Whether `format` describes `T`, decided from the parsed format's
/// metadata (its one code, mode and itemsize) and a constant of `T`,
/// without reading either text; `None` when either is not one value code
/// (records, arrays), for [`walk_matches`] to decide.
#[inline]
pub(crate) fn scalar_match<T: Element>(format: &Format<'_>) -> Option<bool> {
    let own = OwnKey::<T>::KEY;
    if own == 0 {
        return None;
    }
    let code = format.scalar_code()?;
    Some(format.itemsize() == size_of::<T>() && scalar_key(code, format.mode()) == own)
}

/// Whether `format` describes `T`, walking the scalars of both formats:
/// the same itemsize and the same scalars (kind and size) at the same
/// offsets, in the same byte order unless one byte wide.
pub(crate) fn walk_matches<T: Element>(format: &Format<'_>) -> bool {
    let Ok(own) = Format::parse(T::FORMAT) else { return false };
    if own.itemsize() != format.itemsize() || own.itemsize() != size_of::<T>() {
        return false;
    }
    let mut theirs = Scalars::new(format);
    let mut ours = Scalars::new(&own);
    loop {
        match (ours.next(), theirs.next()) {
            (None, None) => return !ours.failed && !theirs.failed,
            (Some(a), Some(b)) if a.same_value(&b) => {}
            _ => return false,
        }
    }
}

/// An [`Element`] any byte pattern of which is a valid value: every element
/// but `bool` and arrays of `bool`. Only these can back a writable view,
/// since a writable view may store any bytes.
///
/// # Examples
///
/// ```
/// use view_core::PodElement;
///
/// let mut data = [1u16, 2];
/// u16::as_bytes_mut(&mut data).fill(0xff);
/// assert_eq!(data, [u16::MAX; 2]);
/// ```
pub trait PodElement: Element + Pod {
    /// The bytes of a slice of elements, writable (no copy).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::PodElement;
    ///
    /// let mut data = [[0u8; 2]; 2];
    /// <[u8; 2]>::as_bytes_mut(&mut data)[3] = 9;
    /// assert_eq!(data, [[0, 0], [0, 9]]);
    /// ```
    fn as_bytes_mut(slice: &mut [Self]) -> &mut [u8] {
        bytemuck::cast_slice_mut(slice)
    }
}

impl<T: Element + Pod> PodElement for T {}

/// One scalar of a format: kind, size, offset in the element, byte order.
#[derive(Clone, Copy)]
pub(crate) struct ScalarItem {
    class: Class,
    pub(crate) size: usize,
    pub(crate) offset: usize,
    order: ByteOrder,
}

/// How two formats with the same itemsize relate: `None` when their
/// scalars differ in kind, size or offset; `Some(false)` when they are the
/// same layout in the same byte order; `Some(true)` when some scalar of
/// more than one byte is in the other order (a copy must swap it).
pub(crate) fn same_layout(a: &Format<'_>, b: &Format<'_>) -> Option<bool> {
    if a.itemsize() != b.itemsize() {
        return None;
    }
    let (mut ours, mut theirs) = (Scalars::new(a), Scalars::new(b));
    let mut swap = false;
    loop {
        match (ours.next(), theirs.next()) {
            (None, None) if !ours.failed && !theirs.failed => return Some(swap),
            (Some(x), Some(y)) if (x.class, x.size, x.offset) == (y.class, y.size, y.offset) => {
                swap |= x.swappable() && x.order != y.order;
            }
            _ => return None,
        }
    }
}

/// Reverses the byte order of every scalar of `format` in `element` whose
/// order differs from `other`'s scalar at the same place (formats that
/// [`same_layout`] accepts). Complex numbers swap each part.
pub(crate) fn swap_scalars(format: &Format<'_>, other: &Format<'_>, element: &mut [u8]) {
    for (x, y) in Scalars::new(format).zip(Scalars::new(other)) {
        if !x.swappable() || x.order == y.order {
            continue;
        }
        let Some(bytes) = element.get_mut(x.offset..).and_then(|b| b.get_mut(..x.size)) else {
            continue;
        };
        if x.class == Class::Complex {
            let (re, im) = bytes.split_at_mut(x.size / 2);
            re.reverse();
            im.reverse();
        } else if matches!(x.class, Class::Text) {
            // UCS-4 text: each 4-byte code point.
            bytes.chunks_exact_mut(4).for_each(<[u8]>::reverse);
        } else {
            bytes.reverse();
        }
    }
}

impl ScalarItem {
    /// Whether the scalar's bytes depend on the byte order: numbers and
    /// UCS-4 text wider than a byte (not bytes, bools or chars).
    fn swappable(&self) -> bool {
        self.size > 1
            && matches!(
                self.class,
                Class::Signed | Class::Unsigned | Class::Float | Class::Complex | Class::Text
            )
    }

    /// The same kind, size and offset, and the same byte order unless one
    /// byte wide.
    fn same_value(&self, other: &Self) -> bool {
        (self.class, self.size, self.offset) == (other.class, other.size, other.offset)
            && (self.size == 1 || self.order == other.order)
    }
}

/// How deeply [`Scalars`] follows nested records; deeper formats match no
/// element type.
const MATCH_DEPTH: usize = 8;

/// One record being walked: its fields, where its current item starts, and
/// how many items (of a repeated record `2T{...}`) remain after it.
#[derive(Clone)]
struct Frame<'a> {
    record: Format<'a>,
    fields: Fields<'a>,
    base: usize,
    stride: usize,
    rest: usize,
}

/// The scalars of a format in order, records flattened; a format nested
/// deeper than [`MATCH_DEPTH`] or whose offsets overflow sets `failed`.
struct Scalars<'a> {
    stack: [Option<Frame<'a>>; MATCH_DEPTH],
    depth: usize,
    current: Option<(Field<'a>, usize)>,
    index: usize,
    failed: bool,
}

impl<'a> Scalars<'a> {
    fn new(format: &Format<'a>) -> Self {
        let mut stack = [const { None }; MATCH_DEPTH];
        stack[0] =
            Some(Frame { record: *format, fields: format.fields(), base: 0, stride: 0, rest: 0 });
        Self { stack, depth: 1, current: None, index: 0, failed: false }
    }

    fn fail(&mut self) -> Option<ScalarItem> {
        self.failed = true;
        None
    }
}

impl Iterator for Scalars<'_> {
    type Item = ScalarItem;

    fn next(&mut self) -> Option<ScalarItem> {
        loop {
            if let Some((field, base)) = self.current {
                let class = field.code().class();
                // A string is one value, however long.
                let (items, size) = if matches!(class, Class::Bytes | Class::Pascal | Class::Text) {
                    (field.values(), field.length().saturating_mul(field.item_size()))
                } else {
                    (field.count(), field.item_size())
                };
                if self.index < items {
                    let i = self.index;
                    self.index += 1;
                    let Some(offset) = i
                        .checked_mul(size)
                        .and_then(|o| o.checked_add(field.offset()))
                        .and_then(|o| o.checked_add(base))
                    else {
                        return self.fail();
                    };
                    return Some(ScalarItem { class, size, offset, order: field.order() });
                }
                self.current = None;
            }
            let top = self.depth.checked_sub(1)?;
            let frame = self.stack.get_mut(top)?.as_mut()?;
            let Some(field) = frame.fields.next() else {
                // The record's next item, or back to the enclosing one.
                if frame.rest > 0 {
                    frame.rest -= 1;
                    let Some(base) = frame.base.checked_add(frame.stride) else {
                        return self.fail();
                    };
                    frame.base = base;
                    frame.fields = frame.record.fields();
                } else {
                    if let Some(slot) = self.stack.get_mut(top) {
                        *slot = None;
                    }
                    self.depth = top;
                }
                continue;
            };
            let base = frame.base;
            if field.code().class() != Class::Record {
                self.current = Some((field, base));
                self.index = 0;
                continue;
            }
            let (Some(record), Some(start)) = (field.record(), base.checked_add(field.offset()))
            else {
                return self.fail();
            };
            if field.count() == 0 {
                continue;
            }
            // Deeper than `MATCH_DEPTH` fails (`get_mut` is `None` there).
            let Some(slot) = self.stack.get_mut(self.depth) else {
                return self.fail();
            };
            *slot = Some(Frame {
                record,
                fields: record.fields(),
                base: start,
                stride: field.item_size(),
                rest: field.count() - 1,
            });
            self.depth += 1;
        }
    }
}

/// `"i"` where C's `int` has 4 bytes (every target but 16-bit ones).
const I32_FORMAT: &str = if size_of::<c_int>() == 4 {
    "i"
} else if size_of::<c_long>() == 4 {
    "l"
} else {
    "=i"
};
const U32_FORMAT: &str = if size_of::<c_int>() == 4 {
    "I"
} else if size_of::<c_long>() == 4 {
    "L"
} else {
    "=I"
};

/// The [`Element`] methods of a `Pod` type whose every bit pattern is a
/// value: reads and slice casts through `bytemuck`.
macro_rules! pod_methods {
    () => {
        fn read_from(bytes: &[u8]) -> Option<Self> {
            bytemuck::try_pod_read_unaligned(bytes).ok()
        }

        fn as_bytes(slice: &[Self]) -> &[u8] {
            bytemuck::cast_slice(slice)
        }

        fn cast_slice(bytes: &[u8]) -> Option<&[Self]> {
            bytemuck::try_cast_slice(bytes).ok()
        }

        fn cast_slice_mut(bytes: &mut [u8]) -> Option<&mut [Self]> {
            bytemuck::try_cast_slice_mut(bytes).ok()
        }
    };
}
pub(crate) use pod_methods;

macro_rules! pod_elements {
    ($($t:ty => $code:expr),* $(,)?) => {$(
        impl sealed::Sealed for $t {}

        impl Element for $t {
            const FORMAT: &'static str = $code;
            const UNIT: &'static str = $code;
            const COUNT: usize = 1;
            const ANY_BIT_PATTERN: bool = true;

            pod_methods!();
        }
    )*};
}

pod_elements! {
    u8 => "B",
    i8 => "b",
    u16 => "H",
    i16 => "h",
    u32 => U32_FORMAT,
    i32 => I32_FORMAT,
    u64 => "Q",
    i64 => "q",
    usize => "N",
    isize => "n",
    f32 => "f",
    f64 => "d",
}

#[cfg(feature = "half")]
pod_elements! { half::f16 => "e" }

impl sealed::Sealed for bool {}

impl Element for bool {
    const FORMAT: &'static str = "?";
    const UNIT: &'static str = "?";
    const COUNT: usize = 1;
    const ANY_BIT_PATTERN: bool = false;

    fn read_from(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [b] => Some(*b != 0),
            _ => None,
        }
    }

    fn as_bytes(slice: &[Self]) -> &[u8] {
        bytemuck::cast_slice(slice)
    }

    fn cast_slice(bytes: &[u8]) -> Option<&[Self]> {
        bytemuck::checked::try_cast_slice(bytes).ok()
    }

    fn cast_slice_mut(bytes: &mut [u8]) -> Option<&mut [Self]> {
        bytemuck::checked::try_cast_slice_mut(bytes).ok()
    }
}

impl<T: Element, const N: usize> sealed::Sealed for [T; N] {}

impl<T: Element, const N: usize> Element for [T; N] {
    const FORMAT: &'static str = ArrayFormat::<T, N>::TEXT.as_str();
    const UNIT: &'static str = T::UNIT;
    const COUNT: usize = match T::COUNT.checked_mul(N) {
        Some(n) => n,
        None => panic!("array element too large for a format string"),
    };
    const ANY_BIT_PATTERN: bool = T::ANY_BIT_PATTERN;

    fn read_from(bytes: &[u8]) -> Option<Self> {
        let k = size_of::<T>();
        if bytes.len() != size_of::<Self>() {
            return None;
        }
        let mut out = Self::zeroed();
        if k == 0 {
            return Some(out);
        }
        for (slot, chunk) in out.iter_mut().zip(bytes.chunks_exact(k)) {
            *slot = T::read_from(chunk)?;
        }
        Some(out)
    }

    fn as_bytes(slice: &[Self]) -> &[u8] {
        T::as_bytes(slice.as_flattened())
    }

    fn cast_slice(bytes: &[u8]) -> Option<&[Self]> {
        if N == 0 {
            return None;
        }
        let (chunks, rest) = T::cast_slice(bytes)?.as_chunks::<N>();
        rest.is_empty().then_some(chunks)
    }

    fn cast_slice_mut(bytes: &mut [u8]) -> Option<&mut [Self]> {
        if N == 0 {
            return None;
        }
        let (chunks, rest) = T::cast_slice_mut(bytes)?.as_chunks_mut::<N>();
        rest.is_empty().then_some(chunks)
    }
}

/// The format text of `[T; N]`, built at compile time: the total scalar
/// count in decimal, then `T`'s unit code (`[[u16; 3]; 4]` is `"12H"`).
struct ArrayFormat<T, const N: usize>(PhantomData<T>);

impl<T: Element, const N: usize> ArrayFormat<T, N> {
    const TEXT: &'static FormatText = &FormatText::repeat(<[T; N]>::COUNT, T::UNIT);
}

/// A format string of at most [`FormatText::CAPACITY`] bytes, built in a
/// const context.
struct FormatText {
    bytes: [u8; FormatText::CAPACITY],
    len: usize,
}

impl FormatText {
    const CAPACITY: usize = 64;

    /// `count` in decimal followed by `unit`; a byte-order prefix of `unit`
    /// stays in front (`4` of `">H"` is `">4H"`).
    const fn repeat(count: usize, unit: &str) -> Self {
        let mut text = Self { bytes: [0; Self::CAPACITY], len: 0 };
        let mut unit = unit.as_bytes();
        if let [prefix @ (b'@' | b'=' | b'<' | b'>' | b'!' | b'^'), rest @ ..] = unit {
            text.bytes[0] = *prefix;
            text.len = 1;
            unit = rest;
        }
        let mut digits = [0u8; 20];
        let mut n = 0;
        let mut rest = count;
        loop {
            digits[n] = b'0' + (rest % 10) as u8;
            n += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        assert!(
            text.len + n + unit.len() <= Self::CAPACITY,
            "format string of an array element too long"
        );
        while n > 0 {
            n -= 1;
            text.bytes[text.len] = digits[n];
            text.len += 1;
        }
        let mut i = 0;
        while i < unit.len() {
            text.bytes[text.len] = unit[i];
            text.len += 1;
            i += 1;
        }
        text
    }

    const fn as_str(&'static self) -> &'static str {
        match core::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => panic!("format text is ASCII"),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn formats_parse_to_the_element_size() {
        fn check<T: Element>() {
            let f = Format::parse(T::FORMAT).unwrap();
            assert_eq!(f.itemsize(), size_of::<T>(), "{}", T::FORMAT);
            assert!(T::matches(&f), "{}", T::FORMAT);
        }
        check::<u8>();
        check::<i8>();
        check::<u16>();
        check::<i16>();
        check::<u32>();
        check::<i32>();
        check::<u64>();
        check::<i64>();
        check::<usize>();
        check::<isize>();
        check::<f32>();
        check::<f64>();
        check::<bool>();
        check::<[u16; 4]>();
        check::<[[i64; 3]; 5]>();
        check::<[bool; 3]>();
        check::<[[[u8; 2]; 3]; 4]>();
    }

    #[test]
    fn array_format_text() {
        assert_eq!(<[u8; 1]>::FORMAT, "1B");
        assert_eq!(<[u8; 1234567]>::FORMAT, "1234567B");
        assert_eq!(<[[u16; 3]; 4]>::FORMAT, "12H");
        assert_eq!(<[[u16; 3]; 4]>::UNIT, "H");
        assert_eq!(<[u32; 0]>::FORMAT, "0I");
    }

    #[test]
    fn matching_is_by_kind_size_offset_and_order() {
        fn m(text: &str) -> Format<'_> {
            Format::parse(text).unwrap()
        }
        let (native, foreign) =
            if cfg!(target_endian = "little") { ("<", ">") } else { (">", "<") };
        for prefix in ["", "@", "=", "^", native] {
            let text = [prefix, "q"].concat();
            assert!(i64::matches(&m(&text)), "{text}");
            assert!(!u64::matches(&m(&text)), "{text}");
        }
        assert!(!i64::matches(&m(&[foreign, "q"].concat())));
        assert!(i8::matches(&m(&[foreign, "b"].concat())));
        assert!(bool::matches(&m("?")));
        assert!(!bool::matches(&m("B")));
        assert!(!u8::matches(&m("c")));
        assert!(!u8::matches(&m("1s")));
        assert!(!f32::matches(&m("i")));
        assert!(<[f32; 2]>::matches(&m("ff")));
        assert!(<[f32; 2]>::matches(&m("(2)f")));
        assert!(!<[f32; 2]>::matches(&m("Zf")));
        // Records match by their scalars: only the layout matters.
        assert!(<[f32; 2]>::matches(&m("T{ff}")));
        assert!(<[f32; 2]>::matches(&m("T{f:a:T{f:b:}:c:}")));
        assert!(<[u16; 4]>::matches(&m("2T{HH}")));
        assert!(<[u16; 4]>::matches(&m("(2)T{HH}")));
        assert!(<[u16; 4]>::matches(&m("T{}HT{H2H}")));
        assert!(!<[u16; 4]>::matches(&m("T{HxxH}")));
        assert!(!<[u16; 4]>::matches(&m("T{HH}T{H}")));
        assert!(!<[u8; 2]>::matches(&m("T{T{T{T{T{T{T{T{T{BB}}}}}}}}}")));
        assert!(<[u8; 2]>::matches(&m("T{T{T{T{T{T{T{BB}}}}}}}")));
        assert!(!<[u8; 2]>::matches(&m("2s")));
        assert!(!<[u8; 3]>::matches(&m("BxB")));
        assert!(<[u8; 2]>::matches(&m("BB")));
        assert!(!<[u16; 2]>::matches(&m("HHH")));
        assert_eq!(i64::matches(&m("l")), size_of::<c_long>() == 8);
    }

    /// The metadata decision of one-code formats gives the walk's answer
    /// for every prefix, every code letter and every element type.
    #[test]
    fn scalar_match_agrees_with_the_walk() {
        use crate::endian::{Be, Le};

        fn check<T: Element>(decided: &mut usize) {
            for prefix in ["", "@", "^", "=", "<", ">", "!"] {
                for c in (b'!'..=b'~').map(char::from) {
                    let mut text = std::string::String::from(prefix);
                    text.push(c);
                    for text in [text.clone(), [text.as_str(), "x"].concat(), ["x", &text].concat()]
                    {
                        let Ok(f) = Format::parse(&text) else { continue };
                        let walk = walk_matches::<T>(&f);
                        assert_eq!(T::matches(&f), walk, "{text} as {}", T::FORMAT);
                        if let Some(answer) = scalar_match::<T>(&f) {
                            assert_eq!(answer, walk, "{text} as {}", T::FORMAT);
                            *decided += 1;
                        }
                    }
                }
            }
        }
        let mut decided = 0;
        check::<u8>(&mut decided);
        check::<i8>(&mut decided);
        check::<u16>(&mut decided);
        check::<i16>(&mut decided);
        check::<u32>(&mut decided);
        check::<i32>(&mut decided);
        check::<u64>(&mut decided);
        check::<i64>(&mut decided);
        check::<usize>(&mut decided);
        check::<isize>(&mut decided);
        check::<f32>(&mut decided);
        check::<f64>(&mut decided);
        check::<bool>(&mut decided);
        check::<Be<u16>>(&mut decided);
        check::<Le<u16>>(&mut decided);
        check::<Be<i32>>(&mut decided);
        check::<Le<i32>>(&mut decided);
        check::<Be<u64>>(&mut decided);
        check::<Le<u64>>(&mut decided);
        check::<Be<f32>>(&mut decided);
        check::<Le<f64>>(&mut decided);
        check::<[u16; 1]>(&mut decided);
        check::<[u8; 2]>(&mut decided);
        // The scalar types decide every one-code format without a walk.
        assert!(decided > 13 * 7 * 20, "{decided}");
        for t in ["d", "<d", "=d", "@d", "^d"] {
            let f = Format::parse(t).unwrap();
            let le = cfg!(target_endian = "little");
            let expected = !t.starts_with('<') || le;
            assert_eq!(scalar_match::<f64>(&f), Some(expected), "{t}");
        }
        let big = Format::parse(">H").unwrap();
        assert_eq!(scalar_match::<Be<u16>>(&big), Some(true));
        assert_eq!(scalar_match::<Le<u16>>(&big), Some(false));
        assert_eq!(scalar_match::<[u16; 1]>(&big), None);
    }

    #[test]
    fn decoding_never_panics_on_bad_lengths() {
        assert_eq!(u64::read_from(&[1, 2, 3]), None);
        assert_eq!(bool::read_from(&[]), None);
        assert_eq!(<[bool; 2]>::read_from(&[0, 7]), Some([false, true]));
        assert_eq!(<[bool; 2]>::read_from(&[0]), None);
        assert_eq!(<[u8; 0]>::read_from(&[]), Some([]));
        assert_eq!(<[u8; 0]>::cast_slice(&[]), None);
        assert_eq!(<[[u8; 0]; 2]>::read_from(&[]), Some([[], []]));
        assert!(!5u8.write_to(&mut []));
    }

    #[test]
    fn casts_follow_alignment() {
        let data = [0u64; 3];
        let bytes = u64::as_bytes(&data);
        assert!(u64::cast_slice(bytes).is_some());
        assert!(u64::cast_slice(&bytes[1..17]).is_none());
        assert_eq!(<[u32; 2]>::cast_slice(bytes).map(<[_]>::len), Some(3));
        assert!(<[u32; 2]>::cast_slice(&bytes[..20]).is_none());
    }
}
