//! `Value` carries every integer a Python `int` can be: `BigInt` beyond
//! `i64`, written with memoryview's rules (out of range: kind Value).
#![cfg(feature = "alloc")]

use view_core::{BigInt, ErrorKind, Reason, Value, View, ViewMut};

/// `n` as two's complement little-endian bytes: `2**bits`, negated when asked.
fn power_of_two(bits: usize, negative: bool) -> BigInt {
    let mut le = vec![0u8; bits / 8 + 2];
    le[bits / 8] = 1 << (bits % 8);
    if negative {
        // Two's complement: invert and add one.
        let mut carry = true;
        for b in &mut le {
            let (v, c) = (!*b).overflowing_add(u8::from(carry));
            *b = v;
            carry = c;
        }
    }
    BigInt::from_le_bytes(&le)
}

#[test]
fn big_ints_print_as_python_does() {
    assert_eq!(
        power_of_two(200, false).to_string(),
        "1606938044258990275541962092341162602522202993782792835301376"
    );
    assert_eq!(power_of_two(100, true).to_string(), "-1267650600228229401496703205376");
    assert_eq!(BigInt::from(i128::MIN).to_string(), i128::MIN.to_string());
    assert_eq!(Value::from(u64::MAX).to_string(), "18446744073709551615");
}

#[test]
fn big_ints_pack_as_memoryview_does() {
    let mut data = [0u8; 8];
    let mut d = ViewMut::new(&mut data, "<d", &[], &[], 0).unwrap();
    // float(2**200) is exact; float(2**1100) overflows: memoryview's ValueError.
    d.set_value(&[], &Value::BigInt(power_of_two(200, true))).unwrap();
    assert_eq!(f64::from_le_bytes(data), -(2f64.powi(200)));
    let mut d = ViewMut::new(&mut data, "<d", &[], &[], 0).unwrap();
    let err = d.set_value(&[], &Value::BigInt(power_of_two(1100, false))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    // Out of every integer code's range, however large.
    let mut q = ViewMut::new(&mut data, "<q", &[], &[], 0).unwrap();
    let err = q.set_value(&[], &Value::BigInt(power_of_two(5000, true))).unwrap_err();
    assert!(matches!(err.reason(), Reason::InvalidValue { .. }));
    // A big int is true for `?`; one that fits is written as usual.
    let mut flag = ViewMut::new(&mut data, "?", &[], &[], 0).unwrap();
    flag.set_value(&[], &Value::BigInt(power_of_two(300, false))).unwrap();
    assert_eq!(data[0], 1);
    let mut q = ViewMut::new(&mut data, "<Q", &[], &[], 0).unwrap();
    q.set_value(&[], &Value::from(u64::MAX)).unwrap();
    assert_eq!(data, [0xff; 8]);
}

#[test]
fn tolist_gives_big_ints_beyond_i64_and_they_compare_by_value() {
    let data = u64::MAX.to_le_bytes();
    let list = View::new(&data, "<Q", &[1], &[8], 0).unwrap().to_value().unwrap();
    let big = Value::from(i128::from(u64::MAX));
    assert_eq!(list, Value::List(vec![big.clone()]));
    // As Python: 2**64 - 1 != float(2**64 - 1), which is 2**64.
    assert_ne!(big, Value::Float(18446744073709551615.0));
    assert_eq!(Value::BigInt(power_of_two(200, false)), Value::Float(2f64.powi(200)));
    assert_ne!(Value::BigInt(power_of_two(200, false)), Value::Float(2f64.powi(201)));
    assert_eq!(Value::BigInt(BigInt::from(5)), Value::Int(5));
    assert_eq!(size_of::<Value>(), 24);
}
