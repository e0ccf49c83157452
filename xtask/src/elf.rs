//! Just enough ELF64 for `cargo xtask nostd`: the section headers (to find
//! a section's size), the symbol table (functions and their sizes) and the
//! relocations a linker kept with `--emit-relocs` (who refers to whom).
//!
//! Every read is bounds-checked: a truncated or malformed file is an
//! error, never a panic.

use std::fmt;

/// Why a file could not be read as ELF64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ElfError(String);

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed ELF64 file: {}", self.0)
    }
}

impl std::error::Error for ElfError {}

fn bad(reason: impl Into<String>) -> ElfError {
    ElfError(reason.into())
}

/// Size of the ELF64 file header.
const EHDR_SIZE: usize = 64;
/// Size of one ELF64 section header.
const SHDR_SIZE: usize = 64;
/// `e_shstrndx` value meaning "the index is in section 0's `sh_link`".
const SHN_XINDEX: u16 = 0xffff;

/// Little- or big-endian field reads at checked offsets.
#[derive(Clone, Copy)]
struct Reader<'a> {
    bytes: &'a [u8],
    little: bool,
}

impl Reader<'_> {
    fn array<const K: usize>(self, at: usize) -> Result<[u8; K], ElfError> {
        at.checked_add(K)
            .and_then(|end| self.bytes.get(at..end))
            .and_then(|b| <[u8; K]>::try_from(b).ok())
            .ok_or_else(|| {
                bad(format!(
                    "{K}-byte field at offset {at} is past the end ({} bytes)",
                    self.bytes.len()
                ))
            })
    }

    fn u16(self, at: usize) -> Result<u16, ElfError> {
        let b = self.array(at)?;
        Ok(if self.little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) })
    }

    fn u32(self, at: usize) -> Result<u32, ElfError> {
        let b = self.array(at)?;
        Ok(if self.little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }

    fn u64(self, at: usize) -> Result<u64, ElfError> {
        let b = self.array(at)?;
        Ok(if self.little { u64::from_le_bytes(b) } else { u64::from_be_bytes(b) })
    }
}

fn to_usize(v: u64, what: &str) -> Result<usize, ElfError> {
    usize::try_from(v).map_err(|_| bad(format!("{what} {v} does not fit in usize")))
}

/// The section header table: where it starts and how many entries it has.
struct Sections<'a> {
    r: Reader<'a>,
    table: usize,
    entry: usize,
    count: usize,
}

impl Sections<'_> {
    /// Byte offset of section header `i`.
    fn header(&self, i: usize) -> Result<usize, ElfError> {
        if i >= self.count {
            return Err(bad(format!("section index {i} out of range ({} sections)", self.count)));
        }
        i.checked_mul(self.entry)
            .and_then(|o| o.checked_add(self.table))
            .ok_or_else(|| bad("section header offset overflows"))
    }

    /// The name of the section whose header is at `at`, from the string table at `strtab`.
    fn name<'s>(&self, at: usize, strtab: &'s [u8]) -> Result<&'s [u8], ElfError> {
        let start = to_usize(u64::from(self.r.u32(at)?), "section name offset")?;
        let rest = strtab
            .get(start..)
            .ok_or_else(|| bad(format!("section name offset {start} past its string table")))?;
        let len = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| bad("section name is not NUL-terminated"))?;
        Ok(&rest[..len])
    }
}

/// `sh_type` of a symbol table.
const SHT_SYMTAB: u32 = 2;
/// `sh_type` of a relocation table with addends.
const SHT_RELA: u32 = 4;
/// `sh_flags` bit of a section that holds machine code.
const SHF_EXECINSTR: u64 = 4;
/// `st_info` type of a function symbol, of a data object, of a section.
const STT_OBJECT: u8 = 1;
const STT_FUNC: u8 = 2;
const STT_SECTION: u8 = 3;
/// Size of one ELF64 symbol and of one `Elf64_Rela` entry.
const SYM_SIZE: usize = 24;
const RELA_SIZE: usize = 24;

/// One section header: the fields this module reads.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) name: String,
    kind: u32,
    flags: u64,
    addr: u64,
    offset: usize,
    pub(crate) size: u64,
    link: u32,
    info: u32,
}

/// A function or data object from the symbol table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Symbol {
    /// The raw (mangled) name.
    pub(crate) name: String,
    pub(crate) addr: u64,
    pub(crate) size: u64,
    pub(crate) is_function: bool,
}

/// "The code at `from` refers to address `to`": one relocation kept in a
/// linked executable (`-Wl,--emit-relocs`) against code or data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) from: u64,
    pub(crate) to: u64,
}

/// The parts of an ELF64 file that `cargo xtask nostd` reads.
#[derive(Debug)]
pub(crate) struct Elf {
    pub(crate) sections: Vec<Section>,
    /// Functions and data objects with a size, by address.
    pub(crate) symbols: Vec<Symbol>,
    /// What each relocation kept in the file refers to (empty without
    /// `--emit-relocs`).
    pub(crate) references: Vec<Reference>,
}

/// x86-64 relocation types whose target is relative to the place patched
/// (`PC32`, `PLT32`, `GOTPCREL`, `GOTPCRELX`, `REX_GOTPCRELX`): a call or a
/// RIP-relative operand, whose addend is the distance from the end of the
/// 4-byte field, so the address meant is `symbol + addend + 4`.
fn pc_relative(kind: u32) -> bool {
    matches!(kind, 2 | 4 | 9 | 41 | 42)
}

/// The NUL-terminated string at `start` in the string table `table`.
fn c_str(table: &[u8], start: u32) -> Result<String, ElfError> {
    let start = to_usize(u64::from(start), "name offset")?;
    let rest = table
        .get(start..)
        .ok_or_else(|| bad(format!("name offset {start} past its string table")))?;
    let len = rest.iter().position(|&b| b == 0).ok_or_else(|| bad("name is not NUL-terminated"))?;
    Ok(String::from_utf8_lossy(&rest[..len]).into_owned())
}

impl Elf {
    /// Reads the section headers, the symbol table and the relocations.
    ///
    /// # Errors
    ///
    /// When `file` is not ELF64 or any header, offset or name lies outside it.
    pub(crate) fn parse(file: &[u8]) -> Result<Self, ElfError> {
        let (r, sections) = headers(file)?;
        let mut elf = Self { sections, symbols: Vec::new(), references: Vec::new() };
        let Some(symtab) = elf.sections.iter().find(|s| s.kind == SHT_SYMTAB) else {
            return Ok(elf);
        };
        let all_symbols = elf.table_entries(file, symtab, SYM_SIZE)?;
        let strings =
            elf.section_bytes(file, usize::try_from(symtab.link).unwrap_or(usize::MAX))?;
        let mut raw = Vec::with_capacity(all_symbols.len());
        for &at in &all_symbols {
            let kind = r.array::<1>(at + 4)?[0] & 0xf;
            let shndx = r.u16(at + 6)?;
            raw.push((r.u32(at)?, kind, shndx, r.u64(at + 8)?, r.u64(at + 16)?));
        }
        for &(name, kind, shndx, addr, size) in &raw {
            if (kind == STT_FUNC || kind == STT_OBJECT) && size > 0 && shndx != 0 {
                elf.symbols.push(Symbol {
                    name: c_str(strings, name)?,
                    addr,
                    size,
                    is_function: kind == STT_FUNC,
                });
            }
        }
        elf.symbols.sort_by_key(|s| (s.addr, std::cmp::Reverse(s.size)));
        for rela in elf.sections.iter().filter(|s| s.kind == SHT_RELA) {
            let patched = elf.sections.get(usize::try_from(rela.info).unwrap_or(usize::MAX));
            if patched.is_none_or(|p| p.addr == 0) {
                continue;
            }
            for at in elf.table_entries(file, rela, RELA_SIZE)? {
                let info = r.u64(at + 8)?;
                let index = usize::try_from(info >> 32).unwrap_or(usize::MAX);
                let Some(&(_, kind, _, value, _)) = raw.get(index) else {
                    return Err(bad(format!("relocation names symbol {index}, past the table")));
                };
                // A named target is its symbol; a section-relative one is
                // wherever the addend points inside that section.
                let to = if kind == STT_SECTION {
                    let addend = r.u64(at + 16)?;
                    let to = value.wrapping_add(addend);
                    if pc_relative(info as u32) { to.wrapping_add(4) } else { to }
                } else {
                    value
                };
                elf.references.push(Reference { from: r.u64(at)?, to });
            }
        }
        Ok(elf)
    }

    /// One code section at `text` of `size` bytes holding `symbols`, with
    /// `references` between them: a stand-in for a linked binary in tests.
    #[cfg(test)]
    pub(crate) fn for_tests(
        text: u64,
        size: u64,
        symbols: Vec<Symbol>,
        references: Vec<Reference>,
    ) -> Self {
        let code = Section {
            name: ".text".to_owned(),
            kind: 1,
            flags: SHF_EXECINSTR,
            addr: text,
            offset: 0,
            size,
            link: 0,
            info: 0,
        };
        Self { sections: vec![code], symbols, references }
    }

    /// The size in bytes of the section called `name`, if there is one.
    pub(crate) fn section_size(&self, name: &str) -> Option<u64> {
        self.sections.iter().find(|s| s.name == name).map(|s| s.size)
    }

    /// Whether `addr` lies in a section of machine code.
    pub(crate) fn is_code(&self, addr: u64) -> bool {
        self.sections
            .iter()
            .any(|s| s.flags & SHF_EXECINSTR != 0 && s.addr <= addr && addr - s.addr < s.size)
    }

    /// The index in [`symbols`](Self::symbols) of the symbol whose bytes
    /// hold `addr` (the largest, where several do).
    pub(crate) fn symbol_at(&self, addr: u64) -> Option<usize> {
        let after = self.symbols.partition_point(|s| s.addr <= addr);
        (0..after).rev().find(|&i| addr - self.symbols[i].addr < self.symbols[i].size)
    }

    fn section_bytes<'f>(&self, file: &'f [u8], index: usize) -> Result<&'f [u8], ElfError> {
        let s = self.sections.get(index).ok_or_else(|| bad(format!("no section {index}")))?;
        let size = to_usize(s.size, "section size")?;
        s.offset
            .checked_add(size)
            .and_then(|end| file.get(s.offset..end))
            .ok_or_else(|| bad(format!("section {} lies outside the file", s.name)))
    }

    /// The file offsets of the `entry`-byte records of table `s`.
    fn table_entries(
        &self,
        file: &[u8],
        s: &Section,
        entry: usize,
    ) -> Result<Vec<usize>, ElfError> {
        let size = to_usize(s.size, "table size")?;
        if s.offset.checked_add(size).is_none_or(|end| end > file.len()) {
            return Err(bad(format!("table {} lies outside the file", s.name)));
        }
        Ok((0..size / entry).map(|i| s.offset + i * entry).collect())
    }
}

/// The size in bytes of the section called `name` (e.g. `.text`) in an
/// ELF64 file of either byte order, or `None` when there is no such section.
///
/// # Errors
///
/// When `file` is not ELF64 or any header, offset or name lies outside it.
#[cfg(test)]
fn section_size(file: &[u8], name: &str) -> Result<Option<u64>, ElfError> {
    Ok(headers(file)?.1.into_iter().find(|s| s.name == name).map(|s| s.size))
}

/// The file's reader and its section headers, with their names.
fn headers(file: &[u8]) -> Result<(Reader<'_>, Vec<Section>), ElfError> {
    if file.get(..4) != Some(b"\x7fELF".as_slice()) {
        return Err(bad("no ELF magic number"));
    }
    if file.len() < EHDR_SIZE {
        return Err(bad(format!("{} bytes is shorter than the file header", file.len())));
    }
    match file[4] {
        2 => {}
        1 => return Err(bad("32-bit ELF (ELFCLASS32), expected ELF64")),
        c => return Err(bad(format!("unknown ELF class {c}"))),
    }
    let little = match file[5] {
        1 => true,
        2 => false,
        d => return Err(bad(format!("unknown ELF data encoding {d}"))),
    };
    let r = Reader { bytes: file, little };
    let table = to_usize(r.u64(0x28)?, "e_shoff")?;
    let entry = usize::from(r.u16(0x3a)?);
    let mut count = usize::from(r.u16(0x3c)?);
    let strndx = r.u16(0x3e)?;
    if table == 0 {
        return Err(bad("no section header table (e_shoff is 0)"));
    }
    if entry < SHDR_SIZE {
        return Err(bad(format!("section header size {entry} is smaller than {SHDR_SIZE}")));
    }
    // With 0xff00 or more sections the real count and string-table index
    // live in section 0's `sh_size` and `sh_link`.
    if count == 0 {
        count = to_usize(
            r.u64(table.checked_add(32).ok_or_else(|| bad("e_shoff overflows"))?)?,
            "section count",
        )?;
    }
    let sections = Sections { r, table, entry, count };
    let table_end = count.checked_mul(entry).and_then(|n| n.checked_add(table));
    if table_end.is_none_or(|end| end > file.len()) {
        return Err(bad(format!(
            "{count} section headers of {entry} bytes at offset {table} run past the end"
        )));
    }
    let strtab_index = if strndx == SHN_XINDEX {
        to_usize(u64::from(r.u32(sections.header(0)? + 40)?), "e_shstrndx")?
    } else {
        usize::from(strndx)
    };
    let strtab_header = sections.header(strtab_index)?;
    let strtab_offset = to_usize(r.u64(strtab_header + 24)?, "string table offset")?;
    let strtab_size = to_usize(r.u64(strtab_header + 32)?, "string table size")?;
    let strtab = strtab_offset
        .checked_add(strtab_size)
        .and_then(|end| file.get(strtab_offset..end))
        .ok_or_else(|| bad("section-name string table lies outside the file"))?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let at = sections.header(i)?;
        out.push(Section {
            name: String::from_utf8_lossy(sections.name(at, strtab)?).into_owned(),
            kind: r.u32(at + 4)?,
            flags: r.u64(at + 8)?,
            addr: r.u64(at + 16)?,
            offset: to_usize(r.u64(at + 24)?, "section offset")?,
            size: r.u64(at + 32)?,
            link: r.u32(at + 40)?,
            info: r.u32(at + 44)?,
        });
    }
    Ok((r, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal little-endian ELF64 file: a null section, `.text` of
    /// `text_size` bytes (no contents) and `.shstrtab`.
    fn tiny_elf(text_size: u64) -> Vec<u8> {
        let names = b"\0.text\0.shstrtab\0";
        let strtab_at = EHDR_SIZE as u64;
        let table_at = strtab_at + names.len() as u64;
        let mut f = vec![0u8; EHDR_SIZE];
        f[..4].copy_from_slice(b"\x7fELF");
        f[4] = 2; // ELFCLASS64
        f[5] = 1; // ELFDATA2LSB
        f[6] = 1; // EV_CURRENT
        f[0x28..0x30].copy_from_slice(&table_at.to_le_bytes());
        f[0x3a..0x3c].copy_from_slice(&64u16.to_le_bytes());
        f[0x3c..0x3e].copy_from_slice(&3u16.to_le_bytes());
        f[0x3e..0x40].copy_from_slice(&2u16.to_le_bytes());
        f.extend_from_slice(names);
        let header = |name: u32, offset: u64, size: u64| {
            let mut h = [0u8; SHDR_SIZE];
            h[..4].copy_from_slice(&name.to_le_bytes());
            h[24..32].copy_from_slice(&offset.to_le_bytes());
            h[32..40].copy_from_slice(&size.to_le_bytes());
            h
        };
        f.extend_from_slice(&header(0, 0, 0));
        f.extend_from_slice(&header(1, 0, text_size));
        f.extend_from_slice(&header(7, strtab_at, names.len() as u64));
        f
    }

    #[test]
    fn finds_sections_by_name() {
        let f = tiny_elf(1234);
        assert_eq!(section_size(&f, ".text"), Ok(Some(1234)));
        assert_eq!(section_size(&f, ".shstrtab"), Ok(Some(17)));
        assert_eq!(section_size(&f, ".data"), Ok(None));
    }

    #[test]
    fn reads_this_test_binary() {
        let exe = std::env::current_exe().unwrap();
        let bytes = std::fs::read(exe).unwrap();
        let text = section_size(&bytes, ".text").unwrap().unwrap();
        assert!(text > 0);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let f = tiny_elf(1);
        for len in 0..f.len() {
            assert!(section_size(&f[..len], ".text").is_err(), "length {len}");
        }
    }

    /// Where `tiny_elf`'s section header `i` starts.
    const fn header_at(i: usize) -> usize {
        EHDR_SIZE + 17 + i * SHDR_SIZE
    }

    #[test]
    fn malformed_headers_are_errors() {
        let cases: [(usize, &[u8]); 9] = [
            (0, b"\x7fELG"),                 // magic
            (4, &[1]),                       // ELFCLASS32
            (5, &[3]),                       // unknown data encoding
            (0x28, &[0; 8]),                 // no section header table
            (0x28, &[0xff; 8]),              // section header table far past the end
            (0x3a, &[10, 0]),                // section headers too small
            (0x3e, &[9, 0]),                 // string table index out of range
            (header_at(2) + 24, &[0xf0; 8]), // string table outside the file
            (header_at(2) + 32, &[0xff; 8]), // string table size overflows
        ];
        for (at, patch) in cases {
            let mut f = tiny_elf(1);
            f[at..at + patch.len()].copy_from_slice(patch);
            assert!(section_size(&f, ".text").is_err(), "patch at {at}");
        }
    }

    #[test]
    fn bad_names_are_errors() {
        let mut f = tiny_elf(1);
        // .text's name offset points past the string table.
        f[header_at(1)..header_at(1) + 4].copy_from_slice(&100u32.to_le_bytes());
        assert!(section_size(&f, ".text").is_err());
        // A string table without a final NUL.
        let mut f = tiny_elf(1);
        f[EHDR_SIZE + 16] = b'x';
        assert!(section_size(&f, ".shstrtab").is_err());
    }
}
