//! Field views against a model: every value of `view.field(k)` is the
//! value the record itself holds for that field.

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
