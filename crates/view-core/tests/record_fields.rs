//! Field views against a model: every value of `view.field(k)` is the
//! value the record itself holds for that field.

use proptest::prelude::*;
use view_core::{ErrorKind, Scalar, Slice, View};

#[test]
fn field_views_read_what_the_records_hold() {
    // id (u16), xy (2 x i16), tag (3s), m ((2,2) u8), pad, nested (T{B:a:B:b:}).
    let format = "<H:id:2h:xy:3s:tag:(2,2)B:m:x2T{B:a:B:b:}:inner:";
    let itemsize = 2 + 4 + 3 + 4 + 1 + 4;
    let data: Vec<u8> = (0..(itemsize * 3) as u8).collect();
    let stride = isize::try_from(itemsize).unwrap();
    let view = View::new(&data, format, &[3], &[stride], 0).unwrap();
    for i in 0..3isize {
        let Scalar::Record(r) = view.get(&[i]).unwrap() else { panic!("record") };
        assert_eq!(view.field("id").unwrap().get(&[i]).unwrap(), r.get("id").unwrap());
        let xy = view.field("xy").unwrap();
        assert_eq!(xy.shape(), &[3, 2]);
        assert_eq!(xy.get(&[i, 1]).unwrap(), r.get(2).unwrap());
        let tag = view.field("tag").unwrap();
        assert_eq!(tag.shape(), &[3]);
        assert_eq!(tag.get(&[i]).unwrap(), r.get("tag").unwrap());
        let m = view.field("m").unwrap();
        assert_eq!(m.shape(), &[3, 2, 2]);
        assert_eq!(m.get(&[i, 1, 0]).unwrap(), r.get(6).unwrap());
        let inner = view.field("inner").unwrap();
        assert_eq!(inner.shape(), &[3, 2]);
        let Some(Scalar::Record(second)) = r.get(9) else { panic!("a nested record") };
        assert_eq!(inner.field("b").unwrap().get(&[i, 1]).unwrap(), second.get("b").unwrap());
    }
    assert_eq!(r_len(&view), 10);
    // Fields of a sliced view follow the slice.
    let tail = view.slice(0, Slice::from(1..)).unwrap().field("id").unwrap();
    assert_eq!(tail.get(&[0]).unwrap(), view.field("id").unwrap().get(&[1]).unwrap());
    // Too many dimensions for the capacity.
    let small = view.into_capacity::<2>().unwrap();
    assert_eq!(small.field("m").unwrap_err().kind(), ErrorKind::Value);
}

fn r_len(view: &View<'_>) -> usize {
    match view.get(&[0]).unwrap() {
        Scalar::Record(r) => r.len(),
        _ => 0,
    }
}

#[test]
fn reshape_keeps_the_elements_in_c_order() {
    let data: Vec<u8> = (0..24).collect();
    let v = View::new(&data, "<H", &[12], &[2], 0).unwrap();
    let m = v.reshape(&[3, 4]).unwrap();
    assert_eq!(m.strides(), &[8, 2]);
    assert_eq!(m.get(&[2, 3]).unwrap(), v.get(&[11]).unwrap());
    assert_eq!(m.reshape(&[12]).unwrap().get(&[5]).unwrap(), v.get(&[5]).unwrap());
    assert_eq!(v.reshape(&[5]).unwrap_err().kind(), ErrorKind::Value);
    let strided = v.slice(0, Slice::new(None, None, Some(2))).unwrap();
    assert_eq!(strided.reshape(&[6]).unwrap_err().kind(), ErrorKind::NotImplemented);
}

#[test]
fn value_positions_and_field_positions_of_repeated_fields() {
    // Two fields (`xy`, `n`), three values (xy[0], xy[1], n).
    let data = [1, 0, 2, 0, 9, 3, 0, 4, 0, 8];
    let view = View::new(&data, "<2h:xy:B:n:", &[2], &[5], 0).unwrap();
    let Scalar::Record(r) = view.get(&[0]).unwrap() else { panic!("a record") };
    // Record::get and Values::get count values ...
    assert_eq!(r.len(), 3);
    assert_eq!(r.get(1), Some(Scalar::Int(2)));
    assert_eq!(r.get(2), Some(Scalar::Int(9)));
    assert_eq!(r.values().get(2), r.get(2));
    // ... the view's field() counts fields: field 1 is `n`, value 1 is xy[1].
    assert_eq!(view.field(1).unwrap().get(&[0]).unwrap(), r.get("n").unwrap());
    assert_eq!(view.field(0).unwrap().get(&[0, 1]).unwrap(), r.get(1).unwrap());
    assert_eq!(view.field(2).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(r.get(3), None);
}

#[test]
fn values_know_their_length_and_read_ahead_without_advancing() {
    for format in ["<2h:xy:B:n:", "<B3x2s:t:", "T{}B", "<(2,2)B:m:T{B:a:B:b:}:r:", "5x"] {
        let data = [7u8; 16];
        let Ok(view) = View::new(&data, format, &[], &[], 0) else { panic!("{format}") };
        let r = match view.get(&[]).unwrap() {
            Scalar::Record(r) => r,
            // A single value is not a record.
            _ => continue,
        };
        let mut values = r.values();
        let all: Vec<Scalar<'_>> = r.values().collect();
        assert_eq!(values.len(), all.len(), "{format}");
        assert_eq!(r.len(), all.len(), "{format}");
        for k in 0..=all.len() {
            for (i, expected) in all[k..].iter().enumerate() {
                assert_eq!(values.get(i).as_ref(), Some(expected), "{format} {k} {i}");
            }
            assert_eq!(values.get(all.len() - k), None);
            assert_eq!(values.len(), all.len() - k);
            assert_eq!(values.is_empty(), k == all.len());
            values.next();
        }
    }
}

/// The values each element holds, as `View::get` reads them (the record's
/// own fields for a single `T{...}`).
fn model_values<'a>(view: &View<'a>, index: &[isize]) -> Vec<Scalar<'a>> {
    match view.get(index).unwrap() {
        Scalar::Record(r) => {
            let values: Vec<Scalar<'a>> = r.values().collect();
            match (values.as_slice(), view.format().as_str().starts_with("T{")) {
                ([Scalar::Record(inner)], true) => inner.values().collect(),
                _ => values,
            }
        }
        single => vec![single],
    }
}

#[test]
fn records_read_what_the_elements_hold() {
    let many: String = (0..20).map(|i| format!("B:f{i}:")).collect();
    let formats = [
        "<H:id:2h:xy:3s:tag:(2,2)B:m:x2T{B:a:B:b:}:inner:",
        "T{<I:id:f:value:Q:time:}",
        "<d",
        "BxH",
        many.as_str(),
    ];
    let data: Vec<u8> = (0..=255u8).cycle().take(600).collect();
    for format in formats {
        let itemsize = view_core::Format::parse(format).unwrap().itemsize();
        let view = View::new(&data, format, &[3], &[itemsize as isize], 5).unwrap();
        let records = view.records();
        assert_eq!(records.iter().len(), 3);
        for (i, r) in records.iter().enumerate() {
            let index = [i as isize];
            let want = model_values(&view, &index);
            assert_eq!(r.values().collect::<Vec<_>>(), want, "{format}");
            assert_eq!(r.len(), want.len(), "{format}");
            for (k, v) in want.iter().enumerate() {
                assert_eq!(r.get(k).as_ref(), Some(v), "{format} {k}");
            }
            assert_eq!(r.get(want.len()), None);
            let got = records.get(&index).unwrap();
            assert_eq!(got.bytes(), r.bytes());
            for field in records.format().fields() {
                if let Some(name) = field.name() {
                    // By name: what the field's view holds.
                    let fv = view.field(name).unwrap().index_axis(0, index[0]).unwrap();
                    let expected = if fv.ndim() == 0 {
                        fv.get(&[]).unwrap()
                    } else {
                        let Some(Scalar::Record(sub)) = r.get(name) else { panic!("{name}") };
                        assert_eq!(
                            sub.len(),
                            fv.len().map(|_| fv.nbytes() / fv.itemsize()).unwrap()
                        );
                        continue;
                    };
                    assert_eq!(r.get(name), Some(expected), "{format} {name}");
                }
            }
        }
    }
    assert!(View::new(&data, "<H", &[2], &[2], 0).unwrap().records().get(&[2]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Over any strided layout, records give the elements' values in C order.
    #[test]
    fn records_follow_any_layout(
        shape in prop::collection::vec(0usize..4, 0..3),
        signs in prop::collection::vec(any::<bool>(), 3),
        gap in 0usize..3,
    ) {
        let format = "<h:a:B:b:";
        let itemsize = 3 + gap;
        let mut strides = Vec::new();
        let mut step = itemsize as isize;
        for (d, &n) in shape.iter().enumerate().rev() {
            strides.insert(0, if signs[d] { step } else { -step });
            step *= n.max(1) as isize;
        }
        let span = step as usize;
        // Start where the negative strides stay in the buffer.
        let offset: isize = shape.iter().zip(&strides).map(|(&n, &s)| if s < 0 { -s * (n.max(1) as isize - 1) } else { 0 }).sum();
        let data: Vec<u8> = (0..span + 8).map(|i| (i * 7) as u8).collect();
        let view = View::new(&data, format, &shape, &strides, offset as usize).unwrap();
        let records = view.records();
        let got: Vec<Vec<Scalar<'_>>> = records.iter().map(|r| r.values().collect()).collect();
        let want: Vec<Vec<Scalar<'_>>> = view
            .iter()
            .map(|s| match s { Scalar::Record(r) => r.values().collect(), s => vec![s] })
            .collect();
        prop_assert_eq!(got, want);
    }
}
