//! Keeps the relocations in the linked binaries (`--emit-relocs`), so that
//! `cargo xtask nostd` can tell which function calls which when it looks
//! for panic paths. Relocations live in their own sections: `.text` and the
//! program are unchanged.

fn main() {
    println!("cargo::rustc-link-arg=-Wl,--emit-relocs");
}
