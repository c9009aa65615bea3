//! Indices of the graph's records, one type per kind of record, so that a
//! claim's index cannot be given where a source's is meant.
//!
//! Each indexes any `Vec` or slice (the content's records, the graph's
//! links, the render stage's views are all kept in the order of their
//! kind), and converts from and to `usize` only where a position is made
//! or shown.

use serde::Serialize;

macro_rules! index_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub struct $name(usize);

        impl $name {
            pub const fn new(position: usize) -> $name {
                $name(position)
            }

            /// The position it stands for.
            pub const fn get(self) -> usize {
                self.0
            }

            /// Every index of a list of `len` records, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name)
            }
        }

        impl<T> std::ops::Index<$name> for [T] {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.0]
            }
        }

        impl<T> std::ops::IndexMut<$name> for [T] {
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.0]
            }
        }

        impl<T> std::ops::Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.0]
            }
        }

        impl<T> std::ops::IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.0]
            }
        }
    )*};
}

index_types!(
    /// A claim, by its position in claims.yaml.
    ClaimIx,
    /// A source, by its position in the sources (by file name).
    SourceIx,
    /// An entity, by its position in entities.yaml.
    EntityIx,
    /// A timeline event, by its position in date order.
    EventIx,
);
