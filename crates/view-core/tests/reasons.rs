//! Errors say why: each bad input gives the `Reason` a caller can match on,
//! and each reason's kind and message are the ones `Display` and `kind()`
//! report.
#![cfg(feature = "std")]

use view_core::{
    CastProblem, Code, ElementType, Error, ErrorKind, Format, FormatExcerpt, FormatProblem, Layout,
    Order, Reason, Request, Scalar, Slice, View, ViewMut,
};

const DATA: [u8; 24] = [0; 24];

fn reason<T: core::fmt::Debug>(r: view_core::Result<T>) -> Reason {
    r.unwrap_err().reason()
}

#[test]
fn every_operation_names_its_reason() {
    let bytes = View::from_bytes(&DATA);
    let matrix = View::new(&DATA, "B", &[4, 6], &[6, 1], 0).unwrap();
    let cases = [
        (
            reason(Format::parse("<hz")),
            Reason::BadFormat { position: 2, problem: FormatProblem::BadChar },
        ),
        (
            reason(Format::parse("2")),
            Reason::BadFormat { position: 1, problem: FormatProblem::CountWithoutCode },
        ),
        (
            reason(Format::parse("T{h")),
            Reason::BadFormat { position: 0, problem: FormatProblem::UnmatchedBrace },
        ),
        (reason(View::new(&DATA, "B", &[25], &[1], 0)), Reason::OutsideBuffer),
        (reason(View::new(&DATA, "B", &[2], &[1, 1], 0)), Reason::ShapeStridesMismatch),
        (reason(View::with_shape(&DATA, "B", &[5])), Reason::ShapeBufferMismatch),
        (reason(bytes.get(&[24])), Reason::IndexOutOfBounds { dimension: Some(0) }),
        (reason(matrix.get(&[0, 6])), Reason::IndexOutOfBounds { dimension: Some(1) }),
        (reason(matrix.get(&[0])), Reason::SubView),
        (reason(matrix.get(&[0, 0, 0])), Reason::TooManyIndices),
        (
            reason(matrix.slice(2, Slice::new(None, None, None))),
            Reason::DimensionOutOfRange { dimension: 2 },
        ),
        (reason(matrix.slice(0, Slice::new(None, None, Some(0)))), Reason::SliceStepZero),
        (reason(matrix.transpose().cast("B", None)), Reason::Cast(CastProblem::NotCContiguous)),
        (
            reason(bytes.cast("<h", None).unwrap().cast("<i", None)),
            Reason::Cast(CastProblem::NonByteFormats),
        ),
        (reason(bytes.cast("5s", None)), Reason::Cast(CastProblem::NotMultipleOfItemsize)),
        (reason(bytes.cast("B", Some(&[5]))), Reason::Cast(CastProblem::WrongSize)),
        (reason(bytes.cast("", None)), Reason::Cast(CastProblem::DestinationFormat)),
        (reason(matrix.permute(&[0, 0])), Reason::NotAPermutation),
        (reason(matrix.copy_to_slice(&mut [0u8; 3], Order::C)), Reason::OutputLength),
        (reason("X".parse::<Order>()), Reason::BadOrder),
        (reason(Layout::<64>::new(&[1], &[1], 0).unwrap().validate(1, 0)), Reason::ItemsizeZero),
        (
            reason(bytes.typed::<u16>()),
            Reason::NotElementFormat {
                format: FormatExcerpt::new("B"),
                element: ElementType::of::<u16>(),
            },
        ),
        (reason(bytes.hex(Some('é'), 1)), Reason::SepNotAscii),
        (reason(Request::WRITABLE.apply(bytes, true)), Reason::RequestNotMet(Request::WRITABLE)),
        (
            reason(Request::F_CONTIGUOUS.apply(matrix, false)),
            Reason::RequestNotMet(Request::F_CONTIGUOUS),
        ),
    ];
    for (i, (got, want)) in cases.into_iter().enumerate() {
        assert_eq!(got, want, "case {i}");
    }
}

#[test]
fn packing_names_the_code() {
    let mut data = [0u8; 8];
    let mut v = ViewMut::new(&mut data, "<H", &[4], &[2], 0).unwrap();
    let err = v.set(&[0], Scalar::Int(-1)).unwrap_err();
    assert_eq!(err.reason(), Reason::InvalidValue { code: Some(Code::UnsignedShort) });
    assert_eq!(err.to_string(), "memoryview: invalid value for format");
    let err = v.set(&[0], Scalar::Float(1.0)).unwrap_err();
    assert_eq!(err.reason(), Reason::InvalidType { code: Some(Code::UnsignedShort) });
    let mut pairs = ViewMut::new(&mut data, "<hh", &[2], &[4], 0).unwrap();
    let err = pairs.set(&[0], Scalar::Tuple(&[Scalar::Int(1)])).unwrap_err();
    assert_eq!(err.reason(), Reason::InvalidValue { code: None });
}

#[test]
fn each_reason_knows_its_kind_and_message() {
    let err = Error::from(Reason::IndexOutOfBounds { dimension: Some(1) });
    assert_eq!((err.kind(), err.dimension()), (ErrorKind::Index, Some(1)));
    assert_eq!(err.to_string(), "index out of bounds on dimension 2");
    let err = Error::from(Reason::BadFormat { position: 3, problem: FormatProblem::TooLong });
    assert_eq!(err.to_string(), "total struct size too long (at byte 3)");
    assert_eq!(Reason::Cast(CastProblem::ShapeNotPositive).kind(), ErrorKind::Value);
    assert_eq!(Reason::Cast(CastProblem::NdToNd).kind(), ErrorKind::Type);
    assert_eq!(Reason::TooLargeForSsize.kind(), ErrorKind::Overflow);
    assert_eq!(Reason::NoMemory.kind(), ErrorKind::Memory);
    assert_eq!(Reason::SubView.kind(), ErrorKind::NotImplemented);
    // A message-made error is `Other`, whatever its message says.
    let err = Error::new(ErrorKind::Type, "cannot modify read-only memory");
    assert!(matches!(err.reason(), Reason::Other { kind: ErrorKind::Type, .. }));
    assert_ne!(err, Error::from(Reason::ReadOnly));
    let other = Error::new(ErrorKind::Buffer, "adapter: something of its own");
    assert!(matches!(other.reason(), Reason::Other { kind: ErrorKind::Buffer, .. }));
}

#[test]
fn view_errors_become_io_errors() {
    use std::io::ErrorKind as Io;
    let io = |r: Reason| std::io::Error::from(Error::from(r)).kind();
    assert_eq!(io(Reason::ReadOnly), Io::PermissionDenied);
    assert_eq!(io(Reason::NoMemory), Io::OutOfMemory);
    assert_eq!(io(Reason::RequestNotMet(Request::C_CONTIGUOUS)), Io::Unsupported);
    assert_eq!(io(Reason::ResizeExported), Io::ResourceBusy);
    assert_eq!(io(Reason::OutsideBuffer), Io::InvalidInput);
    let e = std::io::Error::from(Error::from(Reason::SliceStepZero));
    assert_eq!(e.to_string(), "slice step cannot be zero");
}
