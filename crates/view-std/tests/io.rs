//! std::io for views: reads and writes of strided views in C, F and A
//! order against `to_vec` / a naive model, with readers and writers that
//! move a few bytes at a time, views larger than the stack buffer, and the
//! end of input.

use std::io::{self, Read, Write};

use proptest::prelude::*;
use view_core::{Order, Slice, View, ViewMut};
use view_std::{read_exact_into, read_into, write_view};

/// Hands out at most `step` bytes per read, and an `Interrupted` error
/// before every other read.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
    interrupt: bool,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "again"));
        }
        let n = self.step.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Accepts at most `step` bytes per write.
struct Sip {
    out: Vec<u8>,
    step: usize,
    calls: usize,
}

impl Write for Sip {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        let n = self.step.min(data.len());
        self.out.extend_from_slice(&data[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The byte offsets of a view's elements in C or F order.
fn offsets(v: &View<'_>, fortran: bool) -> Vec<usize> {
    let shape = v.shape().to_vec();
    let count: usize = shape.iter().product();
    let base = v.buffer().as_ptr() as usize;
    (0..count)
        .map(|mut flat| {
            let mut index = vec![0isize; shape.len()];
            let dims: Vec<usize> =
                if fortran { (0..shape.len()).collect() } else { (0..shape.len()).rev().collect() };
            for d in dims {
                index[d] = (flat % shape[d]) as isize;
                flat /= shape[d];
            }
            v.element_bytes(&index).unwrap().as_ptr() as usize - base
        })
        .collect()
}

fn geometry() -> impl Strategy<Value = (usize, usize, usize, isize, isize, bool, Order, usize)> {
    (
        1usize..7,
        1usize..7,
        prop::sample::select(vec![1usize, 2, 3, 8]),
        prop::sample::select(vec![-2isize, -1, 1, 2]),
        prop::sample::select(vec![-3isize, -1, 1, 2]),
        any::<bool>(),
        prop::sample::select(vec![Order::C, Order::F, Order::A]),
        1usize..20,
    )
}

fn shaped<'a>(
    bytes: &'a mut [u8],
    rows: usize,
    cols: usize,
    k: usize,
    s0: isize,
    s1: isize,
    t: bool,
) -> ViewMut<'a> {
    let format = match k {
        1 => "B",
        2 => "<H",
        3 => "3s",
        _ => "<Q",
    };
    let mut v =
        ViewMut::new(bytes, format, &[rows, cols], &[(cols * k) as isize, k as isize], 0).unwrap();
    v = v
        .slice(0, Slice::new(None, None, Some(s0)))
        .unwrap()
        .slice(1, Slice::new(None, None, Some(s1)))
        .unwrap();
    if t { v.transpose() } else { v }
}

fn is_fortran(v: &View<'_>, order: Order) -> bool {
    match order {
        Order::F => true,
        Order::A => v.is_f_contiguous() && !v.is_c_contiguous(),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn writes_stream_tobytes((rows, cols, k, s0, s1, t, order, step) in geometry()) {
        let mut bytes: Vec<u8> = (0..rows * cols * k).map(|i| (i * 7) as u8).collect();
        let v = shaped(&mut bytes, rows, cols, k, s0, s1, t).into_view();
        let mut sink = Sip { out: Vec::new(), step, calls: 0 };
        write_view(&mut sink, &v, order).unwrap();
        prop_assert_eq!(sink.out, v.to_vec(order).unwrap());
    }

    #[test]
    fn reads_fill_elements_in_order((rows, cols, k, s0, s1, t, order, step) in geometry(), short in 0usize..4) {
        let len = rows * cols * k;
        let mut bytes = vec![0xeeu8; len];
        let input: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x55).collect();
        let (want, offsets) = {
            let v = shaped(&mut bytes, rows, cols, k, s0, s1, t);
            let view = v.as_view();
            (view.nbytes(), offsets(&view, is_fortran(&view, order)))
        };
        let available = want.saturating_sub(short);
        let mut reader = Trickle { data: &input[..available], step, interrupt: false };
        let mut v = shaped(&mut bytes, rows, cols, k, s0, s1, t);
        let n = read_into(&mut reader, &mut v, order).unwrap();
        prop_assert_eq!(n, available);
        // Model: the i-th input byte lands at byte i % k of the (i / k)-th
        // element in order; every other byte is untouched.
        let mut expected = vec![0xeeu8; len];
        for (i, &b) in input[..available].iter().enumerate() {
            expected[offsets[i / k] + i % k] = b;
        }
        prop_assert_eq!(bytes, expected);
    }
}

#[test]
fn large_strided_views_go_through_the_stack_buffer() {
    // Rows of 20000 bytes (more than one buffer) and rows of 6 bytes
    // (many per buffer), both strided.
    for (rows, cols) in [(3usize, 10000usize), (5000, 3)] {
        let len = rows * cols * 2 * 2;
        let mut bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let v =
            ViewMut::new(&mut bytes, "<H", &[rows, cols], &[(cols * 4) as isize, 4], 0).unwrap();
        let expected = v.as_view().to_vec(Order::C).unwrap();
        let mut sink = Sip { out: Vec::new(), step: usize::MAX, calls: 0 };
        write_view(&mut sink, &v.as_view(), Order::C).unwrap();
        assert_eq!(sink.out, expected);
        assert!(sink.calls > 1 && sink.calls < 20, "{} writes", sink.calls);

        let input: Vec<u8> = expected.iter().map(|b| b.wrapping_add(1)).collect();
        let mut v = v;
        read_exact_into(&mut &input[..], &mut v, Order::C).unwrap();
        assert_eq!(v.as_view().to_vec(Order::C).unwrap(), input);
    }
}

#[test]
fn contiguous_views_move_in_one_call() {
    let mut data = vec![0u8; 100_000];
    let mut v = ViewMut::from_bytes(&mut data);
    let mut reader = Trickle { data: &[7u8; 100_000], step: usize::MAX, interrupt: true };
    assert_eq!(read_into(&mut reader, &mut v, Order::C).unwrap(), 100_000);
    let mut sink = Sip { out: Vec::new(), step: usize::MAX, calls: 0 };
    write_view(&mut sink, &v.as_view(), Order::F).unwrap();
    assert_eq!(sink.calls, 1);
    assert!(data.iter().all(|&b| b == 7));
}

#[test]
fn errors_pass_through() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let err = write_view(&mut Broken, &View::from_bytes(b"abc"), Order::C).unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    let mut data = [0u8; 4];
    let mut v = ViewMut::from_bytes(&mut data);
    assert_eq!(
        read_exact_into(&mut &b"ab"[..], &mut v, Order::C).unwrap_err().kind(),
        io::ErrorKind::UnexpectedEof
    );
    assert_eq!(&data, b"ab\0\0");
}
