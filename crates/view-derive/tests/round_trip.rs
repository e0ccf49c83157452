//! Derived `#[repr(C)]` structs round-trip through views: their format is
//! the record the compiler's layout describes, `typed::<Rec>()` is
//! zero-copy, and formats from elsewhere with the same layout match.

use view_core::{
    Be, Buffer, BufferMut, Element, ErrorKind, Format, Le, PodElement, Scalar, View, ViewMut,
};

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C)]
struct Reading {
    id: u32,
    value: f32,
    channel: [i16; 2],
    flags: u8,
    kind: i8,
    #[element(pad)]
    _pad: [u8; 2],
}

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C, packed)]
struct Header {
    magic: [u8; 4],
    version: Le<u16>,
    length: Be<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C)]
struct Frame {
    header: Header,
    payload: [u8; 6],
}

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(transparent)]
struct Meters(f64);

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C)]
struct Pair(u16, u16);

fn readings() -> Vec<Reading> {
    (0..5u8)
        .map(|i| Reading {
            id: u32::from(i) * 10,
            value: f32::from(i) / 2.0,
            channel: [i16::from(i), -i16::from(i)],
            flags: i,
            kind: -1,
            _pad: [0; 2],
        })
        .collect()
}

#[test]
fn formats_are_the_records_of_the_layout() {
    assert_eq!(Reading::FORMAT, "T{^I:id:^f:value:^2h:channel:^B:flags:^b:kind:^2x}");
    let f = Format::parse(Reading::FORMAT).unwrap();
    assert_eq!(f.itemsize(), size_of::<Reading>());
    assert!(Reading::matches(&f));
    assert_eq!(Header::FORMAT, "T{^4B:magic:<H:version:>I:length:}");
    assert_eq!(Format::parse(Header::FORMAT).unwrap().itemsize(), 10);
    assert_eq!(Format::parse(Frame::FORMAT).unwrap().itemsize(), size_of::<Frame>());
    assert_eq!(Meters::FORMAT, "T{^d:f0:}");
    assert_eq!(Pair::FORMAT, "T{^H:f0:^H:f1:}");
    assert_eq!(<[Pair; 3]>::FORMAT, "3T{^H:f0:^H:f1:}");
    assert_eq!(Format::parse(<[Pair; 3]>::FORMAT).unwrap().itemsize(), 12);
}

#[test]
fn a_vec_of_records_round_trips_without_copies() {
    let data = readings();
    let view: View<'_> = data.export().unwrap();
    assert_eq!(view.format().as_str(), Reading::FORMAT);
    assert_eq!(view.shape(), &[5]);
    let typed = view.typed::<Reading>().unwrap();
    // Zero-copy: the typed slice is the vector's memory.
    let slice = typed.as_slice().unwrap();
    assert_eq!(slice.as_ptr(), data.as_ptr());
    assert_eq!(slice, &data[..]);
    assert_eq!(typed.get(&[3]).unwrap(), data[3]);

    // Field by field through the format, as Python's memoryview reads it.
    let Scalar::Record(r) = view.get(&[2]).unwrap() else { panic!("a record") };
    let values: Vec<Scalar<'_>> = r.values().collect();
    assert_eq!(values[0], Scalar::Int(20));
    assert_eq!(values[1], Scalar::Float(1.0));
    assert_eq!(values[2], Scalar::Int(2));
    assert_eq!(values[3], Scalar::Int(-2));
}

#[test]
fn writes_through_a_typed_view_land_in_the_structs() {
    let mut data = readings();
    {
        let view: ViewMut<'_> = data.export_mut().unwrap();
        let mut typed = view.typed::<Reading>().unwrap();
        let mut r = typed.get(&[1]).unwrap();
        r.value = 9.5;
        typed.set(&[1], r).unwrap();
    }
    assert_eq!(data[1].value, 9.5);
}

#[test]
fn the_same_layout_from_elsewhere_matches() {
    // numpy's spelling of the record, standard sizes in this target's order.
    let order = if cfg!(target_endian = "little") { "<" } else { ">" };
    let numpy = format!("T{{{order}I:id:{order}f:value:(2){order}h:channel:B:flags:b:kind:2x}}");
    assert!(Reading::matches(&Format::parse(&numpy).unwrap()));
    // A different layout does not.
    assert!(!Reading::matches(&Format::parse("T{I:id:f:value:}").unwrap()));

    let bytes: Vec<u8> = Reading::as_bytes(&readings()).to_vec();
    let size = isize::try_from(size_of::<Reading>()).unwrap();
    let view = View::new(&bytes, &numpy, &[5], &[size], 0).unwrap();
    let typed = view.typed::<Reading>().unwrap();
    assert_eq!(typed.get(&[4]).unwrap(), readings()[4]);
    let wrong = View::new(&bytes, "16B", &[5], &[size], 0).unwrap();
    assert_eq!(wrong.typed::<Reading>().map(|_| ()).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn packed_records_with_byte_order_fields_read_on_any_target() {
    let wire = [b'V', b'I', b'E', b'W', 2, 0, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6];
    let view = View::new(&wire, Frame::FORMAT, &[], &[], 0).unwrap();
    let frame = view.typed::<Frame>().unwrap().get(&[]).unwrap();
    assert_eq!(&frame.header.magic, b"VIEW");
    assert_eq!(frame.header.version.get(), 2);
    assert_eq!(frame.header.length.get(), 256);
    assert_eq!(frame.payload, [1, 2, 3, 4, 5, 6]);
    assert_eq!(Frame::as_bytes(&[frame]), &wire[..]);
    // Alignment 1: any offset works.
    let mut shifted = [0u8; 17];
    shifted[1..].copy_from_slice(&wire);
    let frames = Frame::cast_slice(&shifted[1..]).unwrap();
    assert_eq!(frames[0], frame);
    let _: fn(&mut [Frame]) -> &mut [u8] = Frame::as_bytes_mut;
}

#[test]
fn field_views_of_derived_records_are_strided_views_of_the_same_buffer() {
    let data = readings();
    let view: View<'_> = data.export().unwrap();
    let values = view.field("value").unwrap();
    assert_eq!(values.format().as_str(), "^f");
    assert_eq!(values.strides(), &[16]);
    let typed = values.typed::<f32>().unwrap();
    let got: Vec<f32> = typed.iter().collect();
    let want: Vec<f32> = data.iter().map(|r| r.value).collect();
    assert_eq!(got, want);
    // A sub-array field adds its dimension.
    let channel = view.field("channel").unwrap();
    assert_eq!(channel.shape(), &[5, 2]);
    assert_eq!(channel.strides(), &[16, 2]);
    let ch = channel.typed::<i16>().unwrap();
    assert_eq!(ch.get(&[3, 1]).unwrap(), -3);
    // By position among the fields; the reversed view's fields follow it.
    let ids = view.slice(0, view_core::Slice::new(None, None, Some(-2))).unwrap();
    let ids = ids.field(0).unwrap().typed::<u32>().unwrap();
    assert_eq!(ids.iter().collect::<Vec<_>>(), [40, 20, 0]);
    // Padding holds no value; unknown names are errors.
    assert_eq!(view.field(5).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(view.field("nope").unwrap_err().kind(), ErrorKind::Value);
    // A nested derived record: the field is itself a record view.
    let wire = [b'V', b'I', b'E', b'W', 2, 0, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6];
    let frame = View::new(&wire, Frame::FORMAT, &[], &[], 0).unwrap();
    let header = frame.field("header").unwrap();
    assert_eq!(header.itemsize(), 10);
    let length = header.field("length").unwrap();
    assert_eq!(length.typed::<Be<u32>>().unwrap().get(&[]).unwrap().get(), 256);
}
