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

/// The text, without allocating for the formats numpy, `array` and ctypes
/// export most.
fn common(text: &str) -> Cow<'static, str> {
    Cow::Borrowed(match text {
        "B" => "B",
        "b" => "b",
        "c" => "c",
        "?" => "?",
        "h" => "h",
        "H" => "H",
        "i" => "i",
        "I" => "I",
        "l" => "l",
        "L" => "L",
        "q" => "q",
        "Q" => "Q",
        "e" => "e",
        "f" => "f",
        "d" => "d",
        "<h" => "<h",
        "<H" => "<H",
        "<i" => "<i",
        "<I" => "<I",
        "<q" => "<q",
        "<Q" => "<Q",
        "<f" => "<f",
        "<d" => "<d",
        ">f" => ">f",
        ">d" => ">d",
        _ => return Cow::Owned(text.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
