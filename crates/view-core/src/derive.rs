//! What `#[derive(Element)]` expands to calls: the compile-time layout
//! check and record text of a struct, and its byte casts. Not a public API:
//! only the derive (which this crate's version controls) names these items.

pub use crate::element::sealed::Sealed;
pub use crate::element::{Element, PodElement};
pub use bytemuck::{Pod, Zeroable};

/// One field of a derived struct, in declaration order.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field's name in the record (`f0`, `f1`... for a tuple struct).
    pub name: &'static str,
    /// The field type's [`Element::FORMAT`].
    pub format: &'static str,
    /// `offset_of!` the field.
    pub offset: usize,
    /// `size_of` the field's type.
    pub size: usize,
    /// `#[element(pad)]`: a `[u8; N]` written as `Nx`, padding that holds
    /// no value.
    pub pad: bool,
}

/// Fails compilation unless the fields, in declaration order, cover the
/// `size` bytes of the struct with no gap.
pub const fn check_layout(fields: &[FieldSpec], size: usize) {
    let mut end = 0;
    let mut i = 0;
    while i < fields.len() {
        let field = fields[i];
        assert!(
            !field.pad || is_bytes(field.format),
            "#[derive(Element)]: an #[element(pad)] field must be a `[u8; N]`"
        );
        assert!(
            field.offset == end,
            "#[derive(Element)]: the struct has padding before a field (or its fields are \
             out of order); add explicit `#[element(pad)] _pad: [u8; N]` fields so that every byte \
             is a field"
        );
        end += field.size;
        i += 1;
    }
    assert!(
        end == size,
        "#[derive(Element)]: the struct has padding at its end; add an explicit `#[element(pad)] _pad: [u8; N]` \
         field so that every byte is a field"
    );
}

/// Whether `format` starts with a byte-order / mode prefix.
const fn has_prefix(format: &str) -> bool {
    matches!(format.as_bytes(), [b'@' | b'=' | b'<' | b'>' | b'!' | b'^', ..])
}

/// Whether `format` is `B` or `<count>B` (a `u8` or `[u8; N]`).
const fn is_bytes(format: &str) -> bool {
    let bytes = format.as_bytes();
    let Some((&last, digits)) = bytes.split_last() else { return false };
    let mut i = 0;
    while i < digits.len() {
        if !digits[i].is_ascii_digit() {
            return false;
        }
        i += 1;
    }
    last == b'B'
}

/// The length of the record text [`RecordText::new`] writes.
pub const fn record_len(fields: &[FieldSpec]) -> usize {
    let mut len = "T{}".len();
    let mut i = 0;
    while i < fields.len() {
        let field = fields[i];
        len += !has_prefix(field.format) as usize + field.format.len();
        if !field.pad {
            len += field.name.len() + 2;
        }
        i += 1;
    }
    len
}

/// The record format of a derived struct, `N` bytes of ASCII built at
/// compile time: `T{`, then per field `^` (unless its format names its own
/// byte order), its format and `:name:` (a pad field: `Nx`), then `}`.
#[derive(Debug)]
pub struct RecordText<const N: usize> {
    bytes: [u8; N],
}

impl<const N: usize> RecordText<N> {
    /// Writes the record text of `fields`; `N` is [`record_len`] of them.
    pub const fn new(fields: &[FieldSpec]) -> Self {
        let mut text = Self { bytes: [0; N] };
        let mut at = text.push(0, "T{");
        let mut i = 0;
        while i < fields.len() {
            let field = fields[i];
            if !has_prefix(field.format) {
                at = text.push(at, "^");
            }
            at = text.push(at, field.format);
            if field.pad {
                // `NB` becomes `Nx`.
                self_replace_last(&mut text.bytes, at, b'x');
            } else {
                at = text.push(at, ":");
                at = text.push(at, field.name);
                at = text.push(at, ":");
            }
            i += 1;
        }
        at = text.push(at, "}");
        assert!(at == N, "record text length");
        text
    }

    const fn push(&mut self, mut at: usize, s: &str) -> usize {
        let s = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            self.bytes[at] = s[i];
            at += 1;
            i += 1;
        }
        at
    }

    /// The text.
    pub const fn as_str(&'static self) -> &'static str {
        match core::str::from_utf8(&self.bytes) {
            Ok(text) => text,
            Err(_) => panic!("record text is UTF-8"),
        }
    }
}

/// Sets `bytes[at - 1]` to `byte`.
const fn self_replace_last(bytes: &mut [u8], at: usize, byte: u8) {
    bytes[at - 1] = byte;
}

/// [`Element::read_from`] of a plain-old-data struct.
pub fn read_from<T: Pod>(bytes: &[u8]) -> Option<T> {
    bytemuck::try_pod_read_unaligned(bytes).ok()
}

/// [`Element::as_bytes`] of a plain-old-data struct.
pub fn as_bytes<T: Pod>(slice: &[T]) -> &[u8] {
    bytemuck::cast_slice(slice)
}

/// [`Element::cast_slice`] of a plain-old-data struct.
pub fn cast_slice<T: Pod>(bytes: &[u8]) -> Option<&[T]> {
    bytemuck::try_cast_slice(bytes).ok()
}

/// [`Element::cast_slice_mut`] of a plain-old-data struct.
pub fn cast_slice_mut<T: Pod>(bytes: &mut [u8]) -> Option<&mut [T]> {
    bytemuck::try_cast_slice_mut(bytes).ok()
}
