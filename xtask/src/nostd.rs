//! `cargo xtask nostd`: proves that view-core links without std, without an
//! allocator and, for the minimal program, without any panic path; and
//! shows what each use of the crate costs in code size.
//!
//! Builds the two `#![no_std]`, `#![no_main]` programs in `nostd/` (their
//! own workspace, `panic = "abort"`, opt-level "s", no global allocator) in
//! release for the host and runs them (each checks its own answers and
//! exits non-zero on a wrong one). For each it prints the size of `.text`
//! against its budget and the largest view-core functions, read from the
//! ELF symbol table.
//!
//! The panic check: nothing in a linked binary survives `--gc-sections`
//! unless something refers to it, so a symbol of `core::panicking` in the
//! binary means some code can panic. The programs are linked with
//! `--emit-relocs` (`nostd/build.rs`), which keeps every relocation: each
//! says "this function refers to that address", and walking those edges
//! backwards from `core::panicking` names the first function compiled from
//! the project's sources (view-core or the program, not prebuilt `core`) on
//! each path. The task fails when either program has any such path, in
//! either build, or when either is over its `.text` budget (budgets apply
//! to the `small` build, the one a firmware author picks for size).
//!
//! The sizes are for the x86-64 host: no embedded target is installed where
//! this runs, so the host build stands in for one.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rustc_demangle::demangle;

use crate::{Result, cargo, display, elf::Elf, project_root};

/// One program of `nostd/` in one build: its binary target name, what it
/// shows, its `.text` budget and whether a panic path fails the task (it
/// does for both programs today; the flag keeps the check usable for a
/// program that cannot promise it).
struct Program {
    bin: &'static str,
    what: &'static str,
    budget: Option<u64>,
    panic_free: bool,
}

/// The two builds: view-core's default features, and feature `small` (one
/// copy kernel for every itemsize), each under its own target directory so
/// that both stay built.
const BUILDS: [(&str, &[&str], [Program; 2]); 2] = [
    ("default", &[], [MINIMAL, FULL]),
    (
        "small",
        &["--features", "small"],
        [
            Program { budget: Some(16 * 1024), ..MINIMAL },
            Program { budget: Some(48 * 1024), ..FULL },
        ],
    ),
];

const MINIMAL: Program = Program {
    bin: "view-nostd-minimal",
    what: "parse <h, 2-D view, stepped slice, typed reads, copy out",
    budget: None,
    panic_free: true,
};

const FULL: Program = Program {
    bin: "view-nostd",
    what: "parse, view, slice, cast, index, copy out, hex, ViewMut set",
    budget: None,
    panic_free: true,
};

/// How many of the largest view-core functions to list per program.
const LARGEST: usize = 6;

/// Builds, runs, measures and checks the no_std programs.
pub(crate) fn run() -> Result {
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for (build, features, programs) in &BUILDS {
        let target_dir = target_dir()?.join(build);
        let mut args = vec!["build", "--release"];
        args.extend_from_slice(features);
        crate::run_status(cargo_in_nostd(&args)?.env("CARGO_TARGET_DIR", &target_dir))?;
        for program in programs {
            let exe = target_dir.join("release").join(program.bin);
            let (text, panics) = check(&exe, program, build, &mut failures)?;
            summary.push(format!(
                "  {:<20} {build:<8} {text:>7} {:>8} {panics:>6}",
                program.bin,
                program.budget.map_or_else(|| "-".to_owned(), |b| b.to_string()),
            ));
        }
    }
    println!(
        "nostd: .text in bytes (x86-64 host, release, opt-level=s, panic=abort, no allocator)\n  \
         {:<20} {:<8} {:>7} {:>8} {:>6}",
        "program", "features", ".text", "budget", "panics"
    );
    summary.iter().for_each(|line| println!("{line}"));
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

/// Runs `exe`, prints its size, largest functions and panic paths; returns
/// its `.text` size and the number of functions that reach a panic, and
/// adds to `failures` what breaks its budget or its promise of no panic.
fn check(
    exe: &Path,
    program: &Program,
    build: &str,
    failures: &mut Vec<String>,
) -> Result<(u64, usize)> {
    let output =
        Command::new(exe).output().map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        return Err(format!("`{}` failed ({})", display(&Command::new(exe)), output.status).into());
    }
    let bytes = fs::read(exe).map_err(|e| format!("cannot read {}: {e}", exe.display()))?;
    let elf = Elf::parse(&bytes)?;
    let text = elf
        .section_size(".text")
        .ok_or_else(|| format!("{} has no .text section", exe.display()))?;
    let name = format!("{} ({build})", program.bin);
    println!("nostd: {name}: {}\n  .text = {text} bytes", program.what);
    if let Some(budget) = program.budget
        && text > budget
    {
        failures.push(format!("{name}: .text is {text} bytes, over its budget of {budget}"));
    }
    print_largest(&elf);

    let paths = panic_paths(&elf);
    if paths.is_empty() {
        println!("  no panic path: no symbol of core::panicking is linked");
        return Ok((text, 0));
    }
    println!("  {} function(s) reach core::panicking (caller -> ... -> panic):", paths.len());
    let mut shown: Vec<(String, usize)> = Vec::new();
    for path in paths.iter().map(|p| p.join(" -> ")) {
        match shown.last_mut() {
            Some((last, n)) if *last == path => *n += 1,
            _ => shown.push((path, 1)),
        }
    }
    for (path, n) in shown {
        let copies = if n > 1 { format!(" ({n} instantiations)") } else { String::new() };
        println!("    {path}{copies}");
    }
    if program.panic_free {
        failures
            .push(format!("{name}: {} function(s) link a panic path (listed above)", paths.len()));
    }
    Ok((text, paths.len()))
}

/// The name without its hash, as the compiler would print the path.
fn name(mangled: &str) -> String {
    format!("{:#}", demangle(mangled))
}

/// Prints the total size of view-core's functions and the largest of them
/// (a generic function counts once per instantiation).
fn print_largest(elf: &Elf) {
    let mut ours: Vec<(u64, String)> = elf
        .symbols
        .iter()
        .filter(|s| s.is_function)
        .map(|s| (s.size, name(&s.name)))
        .filter(|(_, n)| n.contains("view_core::"))
        .collect();
    ours.sort_by(|a, b| b.cmp(a));
    let total: u64 = ours.iter().map(|(size, _)| size).sum();
    println!("  view-core: {total} bytes in {} functions; the largest:", ours.len());
    for (size, n) in ours.iter().take(LARGEST) {
        println!("    {size:6}  {n}");
    }
}

/// Whether a symbol comes from the prebuilt `core` (v0-mangled, `_R...`) or
/// is a generic of `core` instantiated in our code: such functions are the
/// way to a panic, not its cause.
fn is_core(mangled: &str, demangled: &str) -> bool {
    mangled.starts_with("_R")
        || ["core::", "<core::", "compiler_builtins::"].iter().any(|p| demangled.starts_with(p))
}

/// For each function of ours (not of `core`) from which a `core::panicking`
/// symbol is reachable through `core` functions only: the names on one
/// shortest such path, from that function to the panic. Sorted, one per
/// function; empty when no symbol of `core::panicking` is linked.
fn panic_paths(elf: &Elf) -> Vec<Vec<String>> {
    let names: Vec<String> = elf.symbols.iter().map(|s| name(&s.name)).collect();
    let mut callers: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for r in &elf.references {
        if let (Some(from), Some(to)) = (elf.symbol_at(r.from), elf.symbol_at(r.to))
            && from != to
            && elf.is_code(elf.symbols[to].addr)
        {
            callers.entry(to).or_default().insert(from);
        }
    }
    // Breadth first from the panics, backwards; `next[f]` is the step from
    // `f` towards the nearest panic.
    let mut next: HashMap<usize, Option<usize>> = HashMap::new();
    let mut queue = VecDeque::new();
    for (i, n) in names.iter().enumerate() {
        if n.starts_with("core::panicking::") {
            next.insert(i, None);
            queue.push_back(i);
        }
    }
    let mut culprits = BTreeSet::new();
    while let Some(f) = queue.pop_front() {
        if !is_core(&elf.symbols[f].name, &names[f]) {
            culprits.insert(f);
            continue;
        }
        for &caller in callers.get(&f).into_iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(e) = next.entry(caller) {
                e.insert(Some(f));
                queue.push_back(caller);
            }
        }
    }
    if culprits.is_empty() && !next.is_empty() {
        // A panic symbol is linked, so something refers to it, but the
        // relocations do not say what (a binary without `--emit-relocs`).
        let mut linked: Vec<Vec<String>> = next
            .iter()
            .filter(|(_, step)| step.is_none())
            .map(|(&f, _)| vec!["(caller unknown)".to_owned(), names[f].clone()])
            .collect();
        linked.sort();
        return linked;
    }
    let mut paths: Vec<Vec<String>> = culprits
        .into_iter()
        .map(|mut f| {
            let mut path = vec![names[f].clone()];
            while let Some(&Some(g)) = next.get(&f) {
                path.push(names[g].clone());
                f = g;
            }
            path
        })
        .collect();
    paths.sort();
    paths
}

/// `cargo ARGS...` run in `nostd/`, so that the crate's own workspace and
/// profiles apply (the root `rust-toolchain.toml` and `.cargo/config.toml`
/// still do: rustup and cargo look for them in parent directories), with
/// its builds under [`target_dir`].
pub(crate) fn cargo_in_nostd(args: &[&str]) -> Result<Command> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(project_root().join("nostd")).args(args).env("CARGO_TARGET_DIR", target_dir()?);
    Ok(cmd)
}

/// `target/nostd` under the main target directory (`CARGO_TARGET_DIR` when
/// set, else `target/` at the root), so that one directory holds every build
/// (`run` builds in its subdirectories `default/` and `small/`).
fn target_dir() -> Result<PathBuf> {
    let main = match env::var_os("CARGO_TARGET_DIR") {
        // cargo reads a relative CARGO_TARGET_DIR from the directory it runs in.
        Some(dir) => env::current_dir()?.join(dir),
        None => project_root().join("target"),
    };
    Ok(main.join("nostd"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elf::{Reference, Symbol};

    fn function(name: &str, addr: u64) -> Symbol {
        Symbol { name: name.to_owned(), addr, size: 16, is_function: true }
    }

    /// `main` calls a view-core function that calls a monomorphised `core`
    /// function that calls a prebuilt panic; another view-core function is
    /// panic-free. The path names the view-core function and each step.
    #[test]
    fn names_the_first_project_function_on_each_panic_path() {
        let symbols = vec![
            function("main", 0x100),
            function("_ZN9view_core4copy8copy_out17h0123456789abcdefE", 0x110),
            function("_ZN4core5slice4sort17h0123456789abcdefE", 0x120),
            function("_RNvNtCs1234_4core9panicking9panic_fmt", 0x130),
            function("_ZN9view_core6layout3new17h0123456789abcdefE", 0x140),
        ];
        let call = |from: u64, to: u64| Reference { from: from + 4, to };
        let references = vec![
            call(0x100, 0x110),
            call(0x100, 0x140),
            call(0x110, 0x120),
            call(0x120, 0x130),
            // A call from a function to itself is no path.
            call(0x140, 0x140),
        ];
        let elf = Elf::for_tests(0x100, 0x50, symbols, references);
        assert_eq!(
            panic_paths(&elf),
            [["view_core::copy::copy_out", "core::slice::sort", "core::panicking::panic_fmt"]]
        );
    }

    #[test]
    fn no_panic_symbol_is_no_path() {
        let symbols = vec![function("main", 0x100), function("_ZN1a1b17h0123456789abcdefE", 0x110)];
        let elf = Elf::for_tests(0x100, 0x20, symbols, vec![Reference { from: 0x104, to: 0x110 }]);
        assert!(panic_paths(&elf).is_empty());
    }

    #[test]
    fn a_panic_without_known_callers_still_fails() {
        let symbols = vec![function("_RNvNtCs1234_4core9panicking9panic_fmt", 0x100)];
        let elf = Elf::for_tests(0x100, 0x10, symbols, Vec::new());
        assert_eq!(panic_paths(&elf), [["(caller unknown)", "core::panicking::panic_fmt"]]);
    }
}
