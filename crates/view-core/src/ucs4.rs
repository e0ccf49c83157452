//! UCS-4 text (format code `w`, numpy's `U` dtype): one value of a `w`
//! field, borrowed from the buffer, and packing text into such a field.
//!
//! As numpy reads it, a value ends before its trailing NUL code points;
//! a code unit that is not a Unicode scalar value (a surrogate, or above
//! U+10FFFF) reads as U+FFFD. Packing writes the code points of the text,
//! truncated or NUL-padded to the field's length, as `s` does with bytes.

use core::fmt;

use crate::format::ByteOrder;

/// One `w` value: UCS-4 code units in the buffer, trailing NULs removed.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// let data = *b"h\0\0\0i\0\0\0\0\0\0\0";
/// let view = View::new(&data, "<3w", &[], &[], 0)?;
/// let Scalar::Text(text) = view.get(&[])? else { unreachable!() };
/// assert_eq!(text.chars().collect::<String>(), "hi");
/// assert_eq!(text.to_string(), "hi");
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Ucs4<'a> {
    bytes: &'a [u8],
    order: ByteOrder,
}

impl<'a> Ucs4<'a> {
    /// The text in `bytes` (whole code units in `order`), trailing NULs removed.
    pub(crate) fn new(bytes: &'a [u8], order: ByteOrder) -> Self {
        let mut end = bytes.len() - bytes.len() % 4;
        while end >= 4 && bytes.get(end - 4..end).is_some_and(|u| u == [0; 4]) {
            end -= 4;
        }
        Self { bytes: bytes.get(..end).unwrap_or_default(), order }
    }

    /// The code points, U+FFFD for a code unit that is not one.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [0, 0, 0, 0x41, 0, 0, 0xd8, 0];
    /// let view = View::new(&data, ">2w", &[], &[], 0)?;
    /// let Scalar::Text(text) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(text.chars().collect::<Vec<_>>(), ['A', '\u{fffd}']);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn chars(&self) -> impl Iterator<Item = char> + 'a {
        let order = self.order;
        self.bytes.as_chunks::<4>().0.iter().map(move |&word| {
            let n = match order {
                ByteOrder::Little => u32::from_le_bytes(word),
                ByteOrder::Big => u32::from_be_bytes(word),
            };
            char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
    }

    /// Whether the text is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [0u8; 8];
    /// let view = View::new(&data, "2w", &[], &[], 0)?;
    /// let Scalar::Text(text) = view.get(&[])? else { unreachable!() };
    /// assert!(text.is_empty());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Display for Ucs4<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        self.chars().try_for_each(|c| f.write_char(c))
    }
}

impl fmt::Debug for Ucs4<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        for c in self.chars() {
            for e in c.escape_debug() {
                f.write_char(e)?;
            }
        }
        f.write_char('"')
    }
}

impl PartialEq for Ucs4<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.chars().eq(other.chars())
    }
}

/// Text to pack: borrowed UCS-4 or a Rust string.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TextRef<'v> {
    Ucs4(Ucs4<'v>),
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    Str(&'v str),
}

/// Writes `text` into `out` as UCS-4 code units in `order`, truncated or
/// NUL-padded to `out`'s whole units.
pub(crate) fn write_text(text: TextRef<'_>, out: &mut [u8], order: ByteOrder) {
    out.fill(0);
    let mut units = out.as_chunks_mut::<4>().0.iter_mut();
    let mut put = |c: char| {
        if let Some(unit) = units.next() {
            let n = u32::from(c);
            *unit = match order {
                ByteOrder::Little => n.to_le_bytes(),
                ByteOrder::Big => n.to_be_bytes(),
            };
        }
    };
    match text {
        TextRef::Ucs4(t) => t.chars().for_each(&mut put),
        TextRef::Str(s) => s.chars().for_each(&mut put),
    }
}
