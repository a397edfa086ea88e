//! S3 operations and arithmetic shared below both engines and the compat layers: part sizes and
//! ranges, URI encoding, `ExtraArgs` → `aws-sdk-s3` request shaping, the one GET with retries,
//! HeadObject, the multipart operations, checksum validation and S3 error mapping.

pub(crate) mod checksum;
pub(crate) mod client;
pub(crate) mod errors;
pub(crate) mod get;
pub(crate) mod head;
pub(crate) mod multipart;
pub mod parts;
pub(crate) mod shape;
pub(crate) mod uri;
