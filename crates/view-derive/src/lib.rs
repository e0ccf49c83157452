//! `#[derive(Element)]`: a `#[repr(C)]` (or packed) struct of elements
//! becomes a view-core `Element` whose format is the PEP 3118 record of its
//! fields. Use it through view-core's `derive` feature (`view_core::Element`
//! names both the trait and this derive).
//!
//! The generated code checks at compile time that the fields are
//! `PodElement`s, that they cover every byte of the struct in declaration
//! order (no padding: a view may export the struct's bytes, and padding
//! bytes are uninitialised), and builds the format text from `offset_of!`
//! and `size_of`, so it cannot disagree with the compiler's layout.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, Path, parse_macro_input};

/// Implements `view_core::Element` for a `#[repr(C)]`, `#[repr(C,
/// packed)]` or `#[repr(transparent)]` struct whose fields are all
/// `view_core::PodElement`s (numbers, [`Be`/`Le`] byte-order types, arrays,
/// other derived structs) and that has no padding. Its format is a record
/// `T{^I:id:^h:x:}`: one `^` (native sizes and order, no implicit
/// alignment) before each field, and each field named as in the struct
/// (`f0`, `f1`, ... for a tuple struct, as numpy names them). A `[u8; N]`
/// field marked `#[element(pad)]` is padding `Nx`, holding no value (as
/// numpy writes the padding of its aligned structured types): the struct
/// must spell out its padding, since the compiler's padding bytes are
/// uninitialised and a view may read every byte.
///
/// The struct must also derive (or implement) `Clone` and `Copy`. Where
/// view-core is reached under another name (through view-std, say), say
/// where: `#[element(crate = view_std::view_core)]`.
///
/// [`Be`/`Le`]: https://docs.rs/view-core/latest/view_core/struct.Be.html
///
/// # Examples
///
/// ```
/// use view_core::{Buffer, Element, View};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Element)]
/// #[repr(C)]
/// struct Sample {
///     id: u32,
///     value: f32,
///     channel: [i16; 2],
/// }
///
/// assert_eq!(Sample::FORMAT, "T{^I:id:^f:value:^2h:channel:}");
/// let samples = vec![Sample { id: 1, value: 0.5, channel: [3, -3] }; 4];
/// let view: View<'_> = samples.export()?;
/// assert_eq!(view.typed::<Sample>()?.get(&[2])?.channel, [3, -3]);
/// # Ok::<(), view_core::Error>(())
/// ```
///
/// Padding the compiler inserts is refused at compile time (here 3 bytes
/// after `flag`), as is a struct without a fixed layout:
///
/// ```compile_fail
/// #[derive(Clone, Copy, view_core::Element)]
/// #[repr(C)]
/// struct Padded {
///     flag: u8,
///     value: u32,
/// }
/// ```
///
/// ```compile_fail
/// #[derive(Clone, Copy, view_core::Element)]
/// struct Unordered {
///     value: u32,
/// }
/// ```
///
/// Spelled out, the same struct is a record with padding `3x`:
///
/// ```
/// #[derive(Clone, Copy, view_core::Element)]
/// #[repr(C)]
/// struct Padded {
///     flag: u8,
///     #[element(pad)]
///     _pad: [u8; 3],
///     value: u32,
/// }
/// assert_eq!(<Padded as view_core::Element>::FORMAT, "T{^B:flag:^3x^I:value:}");
/// ```
#[proc_macro_derive(Element, attributes(element))]
pub fn derive_element(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Element)] does not support generic structs",
        ));
    }
    check_repr(input)?;
    let krate = crate_path(input)?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[derive(Element)] is for structs (a record has fields)",
        ));
    };
    let pads = data.fields.iter().map(is_pad).collect::<syn::Result<Vec<bool>>>()?;
    let (names, members, types): (Vec<String>, Vec<TokenStream2>, Vec<&syn::Type>) =
        match &data.fields {
            Fields::Named(fields) => fields
                .named
                .iter()
                .map(|f| {
                    let ident = f.ident.as_ref().map(Ident::to_string).unwrap_or_default();
                    let member = &f.ident;
                    (ident.trim_start_matches("r#").to_owned(), quote!(#member), &f.ty)
                })
                .fold((vec![], vec![], vec![]), unzip3),
            Fields::Unnamed(fields) => fields
                .unnamed
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let index = syn::Index::from(i);
                    (format!("f{i}"), quote!(#index), &f.ty)
                })
                .fold((vec![], vec![], vec![]), unzip3),
            Fields::Unit => (vec![], vec![], vec![]),
        };
    if names.is_empty() {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Element)] needs at least one field (an element has a size)",
        ));
    }
    Ok(quote! {
        #[allow(non_upper_case_globals, clippy::undocumented_unsafe_blocks)]
        const _: () = {
            use #krate::__derive as __d;

            fn __fields_are_pod_elements() {
                fn pod<T: __d::PodElement>() {}
                #( pod::<#types>(); )*
            }

            const __FIELDS: &[__d::FieldSpec] = &[#(
                __d::FieldSpec {
                    name: #names,
                    format: <#types as __d::Element>::FORMAT,
                    offset: ::core::mem::offset_of!(#name, #members),
                    size: ::core::mem::size_of::<#types>(),
                    pad: #pads,
                }
            ),*];
            const __SIZE: usize = ::core::mem::size_of::<#name>();
            const _: () = __d::check_layout(__FIELDS, __SIZE);
            const __LEN: usize = __d::record_len(__FIELDS);
            const __TEXT: &__d::RecordText<__LEN> = &__d::RecordText::new(__FIELDS);

            #[automatically_derived]
            impl __d::Sealed for #name {}

            // SAFETY: `check_layout` proves at compile time that the fields,
            // all `PodElement`s (so `Zeroable`), cover every byte of the
            // `#[repr(C)]` / packed / transparent struct: zero bytes are a
            // valid value.
            #[automatically_derived]
            unsafe impl __d::Zeroable for #name {}

            // SAFETY: as above, with every field `Pod` and no padding byte:
            // every byte pattern is a valid value and every byte is
            // initialised; the struct is `Copy + 'static` (no generics).
            #[automatically_derived]
            unsafe impl __d::Pod for #name {}

            #[automatically_derived]
            impl __d::Element for #name {
                const FORMAT: &'static str = __TEXT.as_str();
                const UNIT: &'static str = __TEXT.as_str();
                const COUNT: usize = 1;
                const ANY_BIT_PATTERN: bool = true;

                fn read_from(bytes: &[u8]) -> ::core::option::Option<Self> {
                    __d::read_from(bytes)
                }

                fn as_bytes(slice: &[Self]) -> &[u8] {
                    __d::as_bytes(slice)
                }

                fn cast_slice(bytes: &[u8]) -> ::core::option::Option<&[Self]> {
                    __d::cast_slice(bytes)
                }

                fn cast_slice_mut(bytes: &mut [u8]) -> ::core::option::Option<&mut [Self]> {
                    __d::cast_slice_mut(bytes)
                }
            }
        };
    })
}

type Parts<'a> = (Vec<String>, Vec<TokenStream2>, Vec<&'a syn::Type>);

fn unzip3<'a>(mut acc: Parts<'a>, (n, m, t): (String, TokenStream2, &'a syn::Type)) -> Parts<'a> {
    acc.0.push(n);
    acc.1.push(m);
    acc.2.push(t);
    acc
}

/// Refuses a struct without `#[repr(C)]`, `packed` or `transparent`: Rust's
/// default layout may reorder fields.
fn check_repr(input: &DeriveInput) -> syn::Result<()> {
    let mut fixed = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("repr")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C")
                || meta.path.is_ident("transparent")
                || meta.path.is_ident("packed")
            {
                fixed = true;
            }
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                let _: TokenStream2 = content.parse()?;
            }
            Ok(())
        })?;
    }
    if fixed {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Element)] needs #[repr(C)] (or packed, or transparent): \
             Rust's default layout may reorder fields",
        ))
    }
}

/// Whether a field says `#[element(pad)]`.
fn is_pad(field: &syn::Field) -> syn::Result<bool> {
    let mut pad = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("element")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("pad") {
                pad = true;
                Ok(())
            } else {
                Err(meta.error("unknown #[element] field option; expected `pad`"))
            }
        })?;
    }
    Ok(pad)
}

/// The path of view-core: `::view_core`, or `#[element(crate = path)]`.
fn crate_path(input: &DeriveInput) -> syn::Result<Path> {
    let mut path: Path = syn::parse_quote!(::view_core);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("element")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                path = meta.value()?.parse()?;
                Ok(())
            } else {
                Err(meta.error("unknown #[element] option; expected `crate = path`"))
            }
        })?;
    }
    Ok(path)
}
