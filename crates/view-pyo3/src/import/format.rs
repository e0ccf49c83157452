//! The format an imported view reads, from the exporter's text and
//! `itemsize` when the two disagree on the size of an item.
//!
//! Two exporters describe records with fewer bytes than an item has:
//!
//! - numpy leaves out a record's trailing padding (an aligned dtype
//!   `[("a", "<i2"), ("b", ">f8"), ("c", "u1", (2,))]` exports
//!   `"T{h:a:xxxxxx>d:b:(2)B:c:}"`, 18 bytes, with itemsize 24);
//! - ctypes writes each field of a structure with an explicit byte order
//!   (standard sizes, no alignment) but lays the fields out with C's
//!   alignment, and leaves the padding out (`struct {short x; double y;}`
//!   exports `"T{<h:x:<d:y:}"`, 10 bytes, with itemsize 16, `y` at 8).
//!
//! A record shorter than its item is read with C's alignment inserted
//! before each field when that fills the item exactly (ctypes), else with
//! padding at its end (numpy). Any other disagreement is refused.

use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

use view_core::{Code, Format, FormatBuf, Mode};

/// The parsed format to read items of `itemsize` bytes described by `text`.
///
/// # Errors
///
/// The message of a `ValueError` when `text` is not a format view-core
/// reads, or describes items of another size that are not a shorter record.
pub(crate) fn item_format(
    text: &str,
    itemsize: usize,
) -> Result<FormatBuf<Cow<'static, str>>, String> {
    let parsed = FormatBuf::new(common(text)).map_err(|e| e.to_string())?;
    if parsed.as_format().itemsize() == itemsize {
        return Ok(parsed);
    }
    let format = parsed.as_format();
    let size = format.itemsize();
    let mismatch = || {
        format!(
            "the exporter's format {text:?} describes items of {size} bytes, but its itemsize is {itemsize}"
        )
    };
    let mut fields = format.fields();
    let record = match (fields.next(), fields.next()) {
        (Some(field), None) if field.code() == Code::Record && field.offset() == 0 => {
            field.record()
        }
        _ => None,
    };
    let Some(record) = record.filter(|_| size < itemsize) else {
        return Err(mismatch());
    };
    let text = c_aligned(record, itemsize).unwrap_or_else(|| format!("{text}{}x", itemsize - size));
    FormatBuf::new(Cow::Owned(text)).map_err(|e| e.to_string())
}

/// The record's fields at C's alignment (each at a multiple of its item
/// size), as `T{...}` with explicit padding, when that makes exactly
/// `itemsize` bytes; `None` for fields this cannot place (nested records,
/// sub-arrays, complex numbers, fields without an explicit byte order).
fn c_aligned(record: Format<'_>, itemsize: usize) -> Option<String> {
    let mut out = String::from("T{");
    let (mut end, mut shift, mut max_align) = (0usize, 0usize, 1usize);
    for field in record.fields() {
        let code = field.code();
        let bytes = matches!(code, Code::Bytes | Code::PascalBytes);
        if matches!(
            code,
            Code::Record | Code::ComplexHalf | Code::ComplexFloat | Code::ComplexDouble
        ) || field.sub_shape().next().is_some()
        {
            return None;
        }
        let prefix = match field.mode() {
            Mode::Little => '<',
            Mode::Big => '>',
            _ => return None,
        };
        let align = if bytes { 1 } else { field.item_size().max(1) };
        let at = field.offset() + shift;
        let aligned = at.div_ceil(align) * align;
        shift += aligned - at;
        if aligned > end {
            write!(out, "{}x", aligned - end).ok()?;
        }
        out.push(prefix);
        if field.count() > 1 || bytes {
            write!(out, "{}", field.count()).ok()?;
        }
        out.push_str(code.as_str());
        if let Some(name) = field.name() {
            write!(out, ":{name}:").ok()?;
        }
        end = aligned + field.size();
        max_align = max_align.max(align);
    }
    if end.div_ceil(max_align) * max_align != itemsize || shift == 0 {
        return None;
    }
    if itemsize > end {
        write!(out, "{}x", itemsize - end).ok()?;
    }
    out.push('}');
    Some(out)
}

/// The formats numpy, `array` and ctypes export most, parsed once.
const COMMON: [&str; 25] = [
    "B", "b", "c", "?", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "<h", "<H", "<i",
    "<I", "<q", "<Q", "<f", "<d", ">f", ">d",
];

/// The parsed format for the exporter's `text` (its bytes, NUL excluded)
/// and `itemsize`: a common format without parsing it again, else as
/// [`item_format`].
///
/// # Errors
///
/// As [`item_format`], and when `text` is not UTF-8.
pub(crate) fn exporter_format(text: &[u8], itemsize: usize) -> Result<ItemFormat, String> {
    static PARSED: OnceLock<Vec<FormatBuf<&'static str>>> = OnceLock::new();
    if let Some(i) = common_index(text) {
        let parsed =
            PARSED.get_or_init(|| COMMON.iter().filter_map(|&c| FormatBuf::new(c).ok()).collect());
        if let Some(format) = parsed.get(i).filter(|f| f.as_format().itemsize() == itemsize) {
            return Ok(ItemFormat::Common(format));
        }
    }
    let text = std::str::from_utf8(text).map_err(|_| "the exporter's format is not UTF-8")?;
    item_format(text, itemsize).map(ItemFormat::Other)
}

/// A parsed format: one of the common ones, parsed once for the process
/// (a pointer to copy), or any other.
#[derive(Debug)]
pub(crate) enum ItemFormat {
    Common(&'static FormatBuf<&'static str>),
    Other(FormatBuf<Cow<'static, str>>),
}

impl ItemFormat {
    pub(crate) fn as_format(&self) -> Format<'_> {
        match self {
            Self::Common(f) => f.as_format(),
            Self::Other(f) => f.as_format(),
        }
    }
}

/// The index of `text` in [`COMMON`], by a jump on its bytes (a search
/// of the table costs more than parsing).
fn common_index(text: &[u8]) -> Option<usize> {
    Some(match text {
        b"B" => 0,
        b"b" => 1,
        b"c" => 2,
        b"?" => 3,
        b"h" => 4,
        b"H" => 5,
        b"i" => 6,
        b"I" => 7,
        b"l" => 8,
        b"L" => 9,
        b"q" => 10,
        b"Q" => 11,
        b"e" => 12,
        b"f" => 13,
        b"d" => 14,
        b"<h" => 15,
        b"<H" => 16,
        b"<i" => 17,
        b"<I" => 18,
        b"<q" => 19,
        b"<Q" => 20,
        b"<f" => 21,
        b"<d" => 22,
        b">f" => 23,
        b">d" => 24,
        _ => return None,
    })
}

/// The text, without allocating for the common formats.
fn common(text: &str) -> Cow<'static, str> {
    match COMMON.iter().find(|&&c| c == text) {
        Some(&c) => Cow::Borrowed(c),
        None => Cow::Owned(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_index_matches_the_table() {
        for (i, c) in COMMON.iter().enumerate() {
            assert_eq!(common_index(c.as_bytes()), Some(i), "{c}");
        }
        assert_eq!(common_index(b"<e"), None);
    }

    #[test]
    fn common_formats_are_parsed_once() {
        assert_eq!(exporter_format(b"<d", 8).unwrap().as_format().as_str(), "<d");
        assert!(matches!(exporter_format(b"d", 8).unwrap(), ItemFormat::Common(_)));
        assert!(exporter_format(b"d", 4).is_err());
        assert!(exporter_format(b"\xff", 1).unwrap_err().contains("UTF-8"));
        assert_eq!(exporter_format(b"2w", 8).unwrap().as_format().as_str(), "2w");
    }

    #[test]
    fn same_size_is_kept() {
        assert_eq!(item_format("<d", 8).unwrap().as_str(), "<d");
        assert_eq!(item_format("T{<h:a:}", 2).unwrap().as_str(), "T{<h:a:}");
    }

    #[test]
    fn ctypes_structures_get_c_alignment() {
        assert_eq!(item_format("T{<h:x:<d:y:}", 16).unwrap().as_str(), "T{<h:x:6x<d:y:}");
        // No field moves: the padding goes at the end, as for numpy.
        assert_eq!(item_format("T{>i:x:>H:y:}", 8).unwrap().as_str(), "T{>i:x:>H:y:}2x");
        assert_eq!(
            item_format("T{<b:a:<3s:s:<i:n:}", 12).unwrap().as_str(),
            "T{<b:a:<3s:s:<i:n:}4x"
        );
    }

    #[test]
    fn numpy_records_get_trailing_padding() {
        let text = "T{h:a:xxxxxx>d:b:(2)B:c:}";
        assert_eq!(item_format(text, 24).unwrap().as_str(), format!("{text}6x"));
    }

    #[test]
    fn other_mismatches_are_refused() {
        assert!(item_format("B", 5).unwrap_err().contains("itemsize is 5"));
        assert!(item_format("T{<d:y:}", 4).is_err());
        assert!(item_format("hh", 8).is_err());
        assert!(item_format("y", 1).is_err());
    }
}
