//! Local files of transfers: the staged temp file every download to a file goes through, the names of
//! temp and special files, and the ordering buffer of non-seekable targets.

mod defer;
mod names;
mod staged;

pub use defer::DeferQueue;
pub use names::{is_special_file, random_file_extension, temp_filename};
pub(crate) use staged::StagedFile;
