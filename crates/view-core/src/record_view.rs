//! Fields of records: views of one field of a record view (numpy's
//! `recs['value']`, a new format and layout over the same buffer, O(ndim)),
//! and a record's values by position or name.

use crate::error::{Error, ErrorKind, Result};
use crate::format::{Code, Field, Fields, Format};
use crate::layout::{Layout, MAX_NDIM};
use crate::scalar::{FieldKey, Record, Scalar, Values, read_item};
use crate::view::{Storage, ViewBase};

const NO_FIELD: &str = "no field of that name or position in the format";
const NO_VALUE: &str = "the field holds no value (padding)";

/// The fields of one element: those of the single record of a `T{...}`
/// format (as `#[derive(Element)]` writes), else the format's own.
fn element_fields<'a>(format: &Format<'a>) -> (Fields<'a>, usize) {
    let mut fields = format.fields();
    if let (Some(only), None) = (fields.next(), fields.next())
        && only.code() == Code::Record
        && only.count() == 1
        && let Some(record) = only.record()
    {
        return (record.fields(), only.offset());
    }
    (format.fields(), 0)
}

/// The field `key` names: by name, or by position among the fields (not
/// the values: `2h:xy:B:n:` has two fields and three values).
fn find_field<'a>(format: &Format<'a>, key: FieldKey<'_>) -> Option<(Field<'a>, usize)> {
    let (mut fields, base) = element_fields(format);
    let field = match key {
        FieldKey::Index(i) => fields.nth(i)?,
        FieldKey::Name(name) => fields.find(|f| f.name() == Some(name))?,
    };
    Some((field, base))
}

/// Whether a field's items are strings of `length` units (`5s`, `3x:v:`).
fn is_text(field: &Field<'_>) -> bool {
    matches!(field.code(), Code::Bytes | Code::PascalBytes | Code::Ucs4 | Code::Pad)
}

/// The extra dimensions of a field: `(2,3)h` is `[2, 3]`, `2h` is `[2]`,
/// `5s` and `h` are `[]`, `2(3)h` is `[2, 3]`.
fn field_dims(field: &Field<'_>) -> Option<([usize; MAX_NDIM], usize)> {
    let items = if is_text(field) { field.values() } else { field.count() };
    let mut dims = [0usize; MAX_NDIM];
    let mut n = 1;
    let mut extents = 1usize;
    for d in field.sub_shape() {
        *dims.get_mut(n)? = d;
        n += 1;
        extents = extents.checked_mul(d)?;
    }
    let repeat = items.checked_div(extents).unwrap_or(1);
    if repeat != 1 || n == 1 {
        dims[0] = repeat;
    } else {
        dims.copy_within(1..n, 0);
        n -= 1;
    }
    // A single item adds no dimension.
    if n == 1 && dims[0] == 1 {
        n = 0;
    }
    Some((dims, n))
}

impl<'a, B: Storage, const N: usize> ViewBase<'a, B, N> {
    /// The view of one field of every element (numpy's `recs['value']`):
    /// the same buffer, the field's own format
    /// ([`Field::format`](crate::Field::format)), strides of the record.
    /// A field with a repeat count or sub-array shape (`2h:xy:`,
    /// `(2,3)f:m:`) adds those dimensions after the view's. A format that
    /// is a single record `T{...}` (as [`derive(Element)`](crate::Element)
    /// writes) gives the record's fields. O(ndim), no copy.
    ///
    /// `key` is a field name or a field's position among the fields (not
    /// the values: `2h:xy:B:n:` has two fields, `xy` and `n`).
    ///
    /// # Errors
    ///
    /// Kind Value when no field has that name or position, the field is
    /// unnamed padding, or the result would have more dimensions than the
    /// view can hold (`N`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// // Records of a u16 id and two i16 values, little-endian.
    /// let data = [1, 0, 10, 0, 20, 0, 2, 0, 30, 0, 40, 0];
    /// let recs = View::new(&data, "<H:id:2h:xy:", &[2], &[6], 0)?;
    /// let ids = recs.field("id")?;
    /// assert_eq!((ids.format().as_str(), ids.shape(), ids.strides()), ("<H", &[2][..], &[6][..]));
    /// let xy = recs.field(1)?;
    /// assert_eq!((xy.shape(), xy.strides(), xy.offset()), (&[2, 2][..], &[6, 2][..], 2));
    /// assert_eq!(xy.get(&[1, 0])?, view_core::Scalar::Int(30));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn field<'k>(self, key: impl Into<FieldKey<'k>>) -> Result<Self> {
        let (bytes, format, layout) = self.into_parts();
        let (field, base) =
            find_field(&format, key.into()).ok_or(Error::new(ErrorKind::Value, NO_FIELD))?;
        if field.code() == Code::Pad && field.name().is_none() {
            return Err(Error::new(ErrorKind::Value, NO_VALUE));
        }
        let item = field.format().ok_or(Error::new(ErrorKind::Value, NO_FIELD))?;
        let (dims, extra) = field_dims(&field).ok_or(Error::new(ErrorKind::Value, NO_FIELD))?;
        let ndim = layout.ndim();
        let total = ndim + extra;
        if total > N {
            return Err(Error::new(
                ErrorKind::Value,
                "too many dimensions for the view's capacity",
            ));
        }
        let mut shape = [0usize; MAX_NDIM];
        let mut strides = [0isize; MAX_NDIM];
        shape[..ndim].copy_from_slice(layout.shape());
        strides[..ndim].copy_from_slice(layout.strides());
        // The field's own dimensions, C-contiguous items of the field.
        let size = if is_text(&field) { item.itemsize() } else { field.item_size() };
        let mut step = isize::try_from(size).map_err(|_| Error::new(ErrorKind::Value, NO_FIELD))?;
        for i in (0..extra).rev() {
            shape[ndim + i] = dims[i];
            strides[ndim + i] = step;
            let d = isize::try_from(dims[i]).map_err(|_| Error::new(ErrorKind::Value, NO_FIELD))?;
            step = step.checked_mul(d).ok_or(Error::new(ErrorKind::Value, NO_FIELD))?;
        }
        let offset = layout
            .offset()
            .checked_add(base)
            .and_then(|o| o.checked_add(field.offset()))
            .ok_or(Error::new(ErrorKind::Value, NO_FIELD))?;
        let layout = Layout::new(&shape[..total], &strides[..total], offset)?;
        Self::from_parts(bytes, item, layout)
    }
}

/// The field named `name` among `fields`, read from the element `bytes`:
/// its value, or a [`Scalar::Record`] of its items when it holds several
/// (`2h:xy:`, `(2,3)f:m:`).
pub(crate) fn named<'a>(mut fields: Fields<'a>, name: &str, bytes: &'a [u8]) -> Option<Scalar<'a>> {
    let field = fields.find(|f| f.name() == Some(name))?;
    if field.values() == 1 {
        return Some(read_item(&field, 0, bytes));
    }
    let format = field.whole_format()?;
    let bytes = bytes.get(field.offset()..)?.get(..format.itemsize())?;
    Some(Scalar::Record(Record { format, bytes }))
}

impl<'a> Values<'a> {
    /// How many values are left to give (what `len()` of
    /// [`ExactSizeIterator`] answers). Reads the rest of the format.
    pub(crate) fn remaining(&self) -> usize {
        let current = self.current.map_or(0, |f| f.values().saturating_sub(self.index));
        self.fields.clone().map(|f| f.values()).fold(current, usize::saturating_add)
    }

    /// Whether every value has been given.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let view = View::new(&[1u8, 2], "BB", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// let mut values = r.values();
    /// assert_eq!(values.len(), 2);
    /// values.next();
    /// values.next();
    /// assert!(values.is_empty());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// A value not yet given, by position or by field name, without
    /// advancing: on a fresh [`Record::values`] this is
    /// [`Record::get`]. `get(i)` is the value [`nth(i)`](Iterator::nth)
    /// would give: a position among the values, not the fields (in
    /// `2h:xy:B:n:`, 0 and 1 are the items of `xy`, 2 is `n`). `get(name)`
    /// is the field of that name among the fields not yet started, a
    /// [`Scalar::Record`] when it holds several values. `None` when there
    /// is no such value or field.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [1, 0, 2, 0, 9];
    /// let view = View::new(&data, "<2h:xy:B:n:", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// let mut values = r.values();
    /// assert_eq!((values.get(1), values.get("n")), (Some(Scalar::Int(2)), Some(Scalar::Int(9))));
    /// assert_eq!(values.next(), Some(Scalar::Int(1)));
    /// // Positions count from the next value; `xy` has started.
    /// assert_eq!((values.get(1), values.get("xy")), (Some(Scalar::Int(9)), None));
    /// assert_eq!(values.get(2), None);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn get<'k>(&self, key: impl Into<FieldKey<'k>>) -> Option<Scalar<'a>> {
        match key.into() {
            FieldKey::Index(i) => self.clone().nth(i),
            FieldKey::Name(name) => named(self.fields.clone(), name, self.bytes),
        }
    }
}

impl ExactSizeIterator for Values<'_> {}
