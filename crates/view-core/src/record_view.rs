//! Fields of records: views of one field of a record view (numpy's
//! `recs['value']`, a new format and layout over the same buffer, O(ndim)),
//! and a record's values by position or name.

use core::fmt;
use core::iter::FusedIterator;

use crate::error::{Error, ErrorKind, Result};
use crate::format::{Code, Field, Fields, Format};
use crate::iter::Offsets;
use crate::layout::{DEFAULT_NDIM, Layout, MAX_NDIM};
use crate::scalar::{FieldKey, Record, Scalar, Values, read_item};
use crate::view::{Storage, View, ViewBase};

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
pub(crate) fn named<'a>(
    mut fields: impl Iterator<Item = Field<'a>>,
    name: &str,
    bytes: &'a [u8],
) -> Option<Scalar<'a>> {
    let field = fields.find(|f| f.name() == Some(name))?;
    if field.values() == 1 {
        return Some(read_item(&field, 0, bytes));
    }
    let format = field.whole_format()?;
    let bytes = bytes.get(field.offset()..)?.get(..format.itemsize())?;
    Some(Scalar::Record(Record { format: RecordFormat::Text(format), bytes }))
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

/// The most fields a [`Records`] table holds; a record format with more is
/// read from its text for each record (the same answers, slower).
pub const RECORD_TABLE_FIELDS: usize = 16;

/// The fields of one record format, read from the text once.
#[derive(Clone, Copy)]
pub(crate) struct FieldTable<'a> {
    format: Format<'a>,
    fields: [Option<Field<'a>>; RECORD_TABLE_FIELDS],
    len: usize,
}

/// The format of a [`Record`]: its text, or the table of its fields (as
/// small as a `Format`, so a [`Scalar`] does not grow).
#[derive(Clone, Copy)]
pub(crate) enum RecordFormat<'a> {
    Text(Format<'a>),
    Table(&'a FieldTable<'a>),
}

impl<'a> RecordFormat<'a> {
    pub(crate) const fn format(&self) -> Format<'a> {
        match self {
            Self::Text(format) => *format,
            Self::Table(table) => table.format,
        }
    }
}

impl<'a> FieldTable<'a> {
    /// The table of `format`'s fields, `None` when they do not fit.
    fn new(format: &Format<'a>) -> Option<Self> {
        let mut fields = [None; RECORD_TABLE_FIELDS];
        let mut len = 0;
        for field in format.fields() {
            *fields.get_mut(len)? = Some(field);
            len += 1;
        }
        Some(Self { format: *format, fields, len })
    }
}

/// Where [`Values`] and [`Record`] read a format's fields: its text, or a
/// table read once.
#[derive(Debug, Clone)]
pub(crate) enum FieldSource<'a> {
    Text(Fields<'a>),
    Table(&'a [Option<Field<'a>>]),
}

impl<'a> Iterator for FieldSource<'a> {
    type Item = Field<'a>;

    #[inline]
    fn next(&mut self) -> Option<Field<'a>> {
        match self {
            Self::Text(fields) => fields.next(),
            Self::Table(rest) => {
                let (first, tail) = rest.split_first()?;
                *rest = tail;
                *first
            }
        }
    }
}

impl<'a> Record<'a> {
    /// The fields of the record's format, from the table when it has one.
    pub(crate) fn fields(&self) -> FieldSource<'a> {
        match self.format {
            RecordFormat::Table(table) => {
                FieldSource::Table(table.fields.get(..table.len).unwrap_or_default())
            }
            RecordFormat::Text(format) => FieldSource::Text(format.fields()),
        }
    }
}

/// The elements of a view as [`Record`]s whose fields were read from the
/// format once, for all of them: [`View::iter`] with
/// [`Record::values`] and [`Record::get`], without reading the format
/// again for each element. A format that is a single record `T{...}` (as
/// [`derive(Element)`](crate::Element) writes) gives that record's
/// fields, as [`ViewBase::field`] does; any other format is one record
/// of its own fields (a plain `d` is a record of one value).
///
/// # Cost
///
/// Building: one read of the format (up to [`RECORD_TABLE_FIELDS`]
/// fields, kept inline; no allocation). Each record: no parse; `get(name)`
/// compares the names of the fields before it.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// // u16 id, two i16 values, little-endian.
/// let data = [1, 0, 10, 0, 20, 0, 2, 0, 30, 0, 40, 0];
/// let view = View::new(&data, "<H:id:2h:xy:", &[2], &[6], 0)?;
/// let records = view.records();
/// let ids: Vec<Scalar> = records.iter().filter_map(|r| r.get("id")).collect();
/// assert_eq!(ids, [Scalar::Int(1), Scalar::Int(2)]);
/// // Positions count values: xy[1] of the second record.
/// assert_eq!(records.get(&[1])?.get(2), Some(Scalar::Int(40)));
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Records<'a, const N: usize = DEFAULT_NDIM> {
    view: View<'a, N>,
    /// The format of one record (inside a single `T{...}`), and where the
    /// record starts in the element.
    record: Format<'a>,
    base: usize,
    table: Option<FieldTable<'a>>,
}

impl<const N: usize> fmt::Debug for Records<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("record", &self.record.as_str())
            .field("shape", &self.view.shape())
            .field("table", &self.table.is_some())
            .finish()
    }
}

impl<'a, const N: usize> View<'a, N> {
    /// The elements as [`Record`]s read through a table of the format's
    /// fields built once here: see [`Records`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let data = [1u8, 2, 3, 4];
    /// let view = View::new(&data, "B:a:B:b:", &[2], &[2], 0)?;
    /// let sum: i128 = view.records().iter().filter_map(|r| r.get("b")?.as_int()).sum();
    /// assert_eq!(sum, 6);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn records(self) -> Records<'a, N> {
        let format = self.format();
        let mut fields = format.fields();
        let (record, base) = match (fields.next(), fields.next()) {
            (Some(only), None) if only.code() == Code::Record && only.count() == 1 => {
                match only.record() {
                    Some(record) => (record, only.offset()),
                    None => (format, 0),
                }
            }
            _ => (format, 0),
        };
        Records { view: self, record, base, table: FieldTable::new(&record) }
    }
}

impl<'a, const N: usize> Records<'a, N> {
    /// The view of the elements.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(&[0u8; 4], "<hh", &[1], &[4], 0)?;
    /// assert_eq!(v.records().view().shape(), &[1]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn view(&self) -> &View<'a, N> {
        &self.view
    }

    /// The format of one record: the view's, or the inside of its single
    /// `T{...}`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(&[0u8; 4], "T{h:a:h:b:}", &[1], &[4], 0)?;
    /// assert_eq!(v.records().format().as_str(), "h:a:h:b:");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn format(&self) -> Format<'a> {
        self.record
    }

    /// The record at `index` (one index per dimension, negative counts
    /// from the end).
    ///
    /// # Errors
    ///
    /// As [`ViewBase::get`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let v = View::new(&[1u8, 2, 3, 4], "BB", &[2], &[2], 0)?;
    /// assert_eq!(v.records().get(&[-1])?.get(0), Some(Scalar::Int(3)));
    /// assert!(v.records().get(&[2]).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn get(&self, index: &[isize]) -> Result<Record<'_>> {
        let element = self.view.element_bytes(index)?;
        Ok(self.record_at(element))
    }

    /// The records in C order (last index fastest).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(&[1u8, 2, 3, 4], "BB", &[2], &[2], 0)?;
    /// assert_eq!(v.records().iter().map(|r| r.len()).sum::<usize>(), 4);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn iter(&self) -> RecordIter<'_, N> {
        RecordIter { records: self, offsets: Offsets::new(self.view.layout()) }
    }

    fn record_at<'t>(&'t self, element: &'t [u8]) -> Record<'t> {
        let bytes = element
            .get(self.base..)
            .and_then(|b| b.get(..self.record.itemsize()))
            .unwrap_or_default();
        let format = match &self.table {
            Some(table) => RecordFormat::Table(table),
            None => RecordFormat::Text(self.record),
        };
        Record { format, bytes }
    }
}

impl<'t, const N: usize> IntoIterator for &'t Records<'_, N> {
    type Item = Record<'t>;
    type IntoIter = RecordIter<'t, N>;

    fn into_iter(self) -> RecordIter<'t, N> {
        self.iter()
    }
}

/// The records of a [`Records`] in C order.
///
/// # Examples
///
/// ```
/// let v = view_core::View::new(&[1u8, 2, 3, 4], "BB", &[2], &[2], 0)?;
/// let records = v.records();
/// let mut it = records.iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next().map(|r| r.bytes()), Some(&[1u8, 2][..]));
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone)]
pub struct RecordIter<'t, const N: usize = DEFAULT_NDIM> {
    records: &'t Records<'t, N>,
    offsets: Offsets<N>,
}

impl<const N: usize> fmt::Debug for RecordIter<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordIter").field("remaining", &self.offsets.len()).finish()
    }
}

impl<'t, const N: usize> Iterator for RecordIter<'t, N> {
    type Item = Record<'t>;

    #[inline]
    fn next(&mut self) -> Option<Record<'t>> {
        let at = self.offsets.next()?;
        let itemsize = self.records.view.itemsize();
        // Layout invariant 4: every element lies in the buffer.
        let element = self.records.view.buffer().get(at..at.checked_add(itemsize)?)?;
        Some(self.records.record_at(element))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }
}

impl<const N: usize> ExactSizeIterator for RecordIter<'_, N> {}

impl<const N: usize> FusedIterator for RecordIter<'_, N> {}
