//! Fingerprints of what a page is given, for rebuilding only what changed.
//!
//! A page's fingerprint is the hash of its context: the very values handed
//! to its template, serialised. Hashing every page's whole context after
//! each edit would cost as much as rendering, so the records many pages
//! share (a claim's row, a source's text, an annotation) are kept as
//! [`Hashed`] values, which carry the hash of their own serialised form.
//! While a fingerprint is taken, a `Hashed` serialises as that hash alone;
//! for the template, it serialises as its value. Nothing lists what a page
//! depends on: whatever its context holds is in its fingerprint, so a
//! theme can show anything anywhere and never go stale.

use serde::ser::{
    SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant,
};
use serde::{Serialize, Serializer};
use std::cell::{Cell, RefCell};
use xxhash_rust::xxh3::xxh3_64;

thread_local! {
    /// Set while this thread takes a fingerprint.
    static PRINTING: Cell<bool> = const { Cell::new(false) };
    /// While a page is fingerprinted with [`Reading`]: the addresses of
    /// the `Hashed` slots it read.
    static READ: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
}

/// A value with the hash of its serialised form (in which any `Hashed`
/// inside it stands as its own hash).
///
/// The value is behind a pointer so that a list of them keeps its hashes
/// close together: fingerprinting pages reads many hashes and no values,
/// and reading them from one compact array instead of from the middle of
/// each large value saves a cache miss per record. It is shared, so that
/// a copy (a chart's rows, a rendering kept from the previous build) is
/// cheap.
#[derive(Clone)]
pub struct Hashed<T> {
    hash: u64,
    value: std::sync::Arc<T>,
}

impl<T: Serialize> Hashed<T> {
    pub fn new(value: T) -> Hashed<T> {
        let hash = fingerprint(&value);
        Hashed {
            hash,
            value: std::sync::Arc::new(value),
        }
    }
}

impl<T> Hashed<T> {
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Where this slot is: a record replaced in place keeps its address,
    /// so the pages that read the old one can be found by it.
    pub fn address(&self) -> usize {
        self as *const Self as usize
    }
}

impl<T> std::ops::Deref for Hashed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Hashed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if PRINTING.get() {
            READ.with_borrow_mut(|read| {
                if let Some(read) = read {
                    read.push(self.address());
                }
            });
            s.serialize_u64(self.hash)
        } else {
            self.value.serialize(s)
        }
    }
}

/// Turns fingerprint mode on for this thread while alive, and back to what
/// it was when dropped (also when a serialiser panics).
pub struct Printing(bool);

impl Printing {
    pub fn on() -> Printing {
        Printing(PRINTING.replace(true))
    }
}

impl Drop for Printing {
    fn drop(&mut self) {
        PRINTING.set(self.0);
    }
}

/// Notes the `Hashed` slots read on this thread while alive: what a
/// page's fingerprint is made of, so that after an edit only the pages
/// that read a changed slot need fingerprinting again.
pub struct Reading(());

impl Reading {
    pub fn start() -> Reading {
        READ.set(Some(Vec::new()));
        Reading(())
    }

    /// The addresses read, sorted, each once.
    pub fn finish(self) -> Vec<usize> {
        let mut read = READ.take().unwrap_or_default();
        read.sort_unstable();
        read.dedup();
        read
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        READ.set(None);
    }
}

/// Adds `value` to `print`, each `Hashed` in it as its hash. The caller
/// holds [`Printing`] on, and hashes `print` when it is complete (one hash
/// of the whole is much faster than feeding a hasher piece by piece).
pub fn feed<T: Serialize + ?Sized>(print: &mut Vec<u8>, value: &T) {
    debug_assert!(PRINTING.get(), "fingerprint mode is on");
    // Feeding cannot fail: the error type has no value.
    let _ = value.serialize(Feed(print));
}

/// Hashes a complete print.
pub fn digest(print: &[u8]) -> u64 {
    xxh3_64(print)
}

/// The fingerprint of `value`.
pub fn fingerprint<T: Serialize + ?Sized>(value: &T) -> u64 {
    let _on = Printing::on();
    let mut print = Vec::with_capacity(256);
    feed(&mut print, value);
    digest(&print)
}

/// A serde serialiser that writes a value's data for a hash, with no
/// text in between: a tag byte per value, lengths before strings and
/// sequences, numbers as their bytes. Field names are left out (a type
/// always has the same fields in the same order); what makes two values
/// of one type differ is all there. Faster than formatting JSON, which
/// matters because every page is fingerprinted after every edit.
struct Feed<'h>(&'h mut Vec<u8>);

/// The error type of a serialiser that cannot fail.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("hashing does not fail")
    }
}

impl std::error::Error for Never {}

impl serde::ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Never {
        Never
    }
}

impl Feed<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }
    fn len(&mut self, len: usize) {
        self.0.extend_from_slice(&(len as u64).to_le_bytes());
    }
    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.tag(tag);
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }
    fn reborrow(&mut self) -> Feed<'_> {
        Feed(self.0)
    }
}

macro_rules! feed_number {
    ($($method:ident: $t:ty = $tag:expr),*) => {$(
        fn $method(mut self, v: $t) -> Result<(), Never> {
            self.tag($tag);
            self.0.extend_from_slice(&v.to_le_bytes());
            Ok(())
        }
    )*};
}

impl<'h> Serializer for Feed<'h> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    feed_number!(
        serialize_i8: i8 = 1, serialize_i16: i16 = 2, serialize_i32: i32 = 3,
        serialize_i64: i64 = 4, serialize_u8: u8 = 5, serialize_u16: u16 = 6,
        serialize_u32: u32 = 7, serialize_u64: u64 = 8, serialize_f32: f32 = 9,
        serialize_f64: f64 = 10, serialize_i128: i128 = 11, serialize_u128: u128 = 12
    );

    fn serialize_bool(mut self, v: bool) -> Result<(), Never> {
        self.tag(if v { 13 } else { 14 });
        Ok(())
    }
    fn serialize_char(mut self, v: char) -> Result<(), Never> {
        self.tag(15);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Never> {
        self.bytes(16, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), Never> {
        self.bytes(17, v);
        Ok(())
    }
    fn serialize_none(mut self) -> Result<(), Never> {
        self.tag(18);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Result<(), Never> {
        self.tag(19);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<(), Never> {
        self.tag(20);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Never> {
        self.tag(21);
        self.0.extend_from_slice(&index.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.tag(22);
        self.0.extend_from_slice(&index.to_le_bytes());
        value.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Self, Never> {
        // The length is not always known up front: an end tag closes it.
        self.tag(23);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Never> {
        self.tag(22);
        self.0.extend_from_slice(&index.to_le_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Never> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Never> {
        self.serialize_tuple_variant(name, index, variant, len)
    }
}

/// The end of a sequence, map or struct.
const END: u8 = 24;

/// The compound serialisers whose parts are plain values, one after
/// another, closed by an end tag.
macro_rules! feed_parts {
    ($($trait:ident: $method:ident),*) => {$(
        impl $trait for Feed<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(self.reborrow())
            }
            fn end(mut self) -> Result<(), Never> {
                self.tag(END);
                Ok(())
            }
        }
    )*};
}

feed_parts!(
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field
);

impl SerializeMap for Feed<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(self.reborrow())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Never> {
        SerializeSeq::end(self)
    }
}

impl SerializeStruct for Feed<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self.reborrow())
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), Never> {
        // A skipped field still marks its place, so that a value in the
        // next field is not taken for this one's.
        self.tag(25);
        Ok(())
    }
    fn end(self) -> Result<(), Never> {
        SerializeSeq::end(self)
    }
}

impl SerializeStructVariant for Feed<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        SerializeStruct::serialize_field(self, name, value)
    }
    fn end(self) -> Result<(), Never> {
        SerializeSeq::end(self)
    }
}

/// Whether this thread is taking a fingerprint.
pub fn printing() -> bool {
    PRINTING.get()
}

/// A sequence serialised straight from an iterator, so that a context can
/// list records without collecting them first.
pub struct Each<F>(pub F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        row: &'a Hashed<Vec<String>>,
    }

    #[test]
    fn a_hashed_value_is_its_value_to_templates_and_its_hash_to_fingerprints() {
        let row = Hashed::new(vec!["a".to_string(), "b".to_string()]);
        let page = Page {
            title: "t",
            row: &row,
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"title":"t","row":["a","b"]}"#
        );
        // In a fingerprint the row stands as its hash: the same page with
        // the row's hash in its place prints the same.
        #[derive(Serialize)]
        struct Stand<'a> {
            title: &'a str,
            row: u64,
        }
        let stand = Stand {
            title: "t",
            row: row.hash(),
        };
        assert_eq!(fingerprint(&page), fingerprint(&stand));
        // And back to values once the fingerprint is taken.
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"["a","b"]"#);
    }

    #[test]
    fn values_that_differ_print_differently() {
        let prints = [
            fingerprint(&("ab", "c")),
            fingerprint(&("a", "bc")),
            fingerprint(&(Some(1u8), None::<u8>)),
            fingerprint(&(None::<u8>, Some(1u8))),
            fingerprint(&vec![vec![1u8], vec![]]),
            fingerprint(&vec![vec![], vec![1u8]]),
            fingerprint(&1u32),
            fingerprint(&1u64),
        ];
        for (i, a) in prints.iter().enumerate() {
            for b in &prints[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn a_change_inside_a_hashed_value_moves_the_fingerprint_of_what_holds_it() {
        let one = Hashed::new(vec!["a".to_string()]);
        let two = Hashed::new(vec!["b".to_string()]);
        assert_ne!(one.hash(), two.hash());
        let print = |row| fingerprint(&Page { title: "t", row });
        assert_ne!(print(&one), print(&two));
        assert_eq!(print(&one), print(&Hashed::new(vec!["a".to_string()])));
    }

    #[test]
    fn each_serialises_like_the_collected_list() {
        let list = [1, 2, 3];
        let each = Each(|| list.iter().map(|n| n * 2));
        assert_eq!(serde_json::to_string(&each).unwrap(), "[2,4,6]");
    }
}
