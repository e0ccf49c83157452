//! Lets the in-process tests find the libpython PyO3 was configured with.
//!
//! A test binary links `libpython3.x.so` from the configured interpreter's
//! `LIBDIR`, but the system loader would resolve it elsewhere (for example
//! a distribution's copy of the same minor version, without that
//! interpreter's standard library extensions). An rpath on the test
//! targets only fixes that without `LD_LIBRARY_PATH`; the `cdylib` and
//! `rlib` are left alone. `VIEW_PYO3_LIBDIR` lets the tests check it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(lib_dir) = pyo3_build_config::get().lib_dir() {
        println!("cargo:rustc-link-arg-tests=-Wl,-rpath,{lib_dir}");
        println!("cargo:rustc-env=VIEW_PYO3_LIBDIR={lib_dir}");
    }
}
