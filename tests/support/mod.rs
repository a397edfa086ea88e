//! Shared test support: the in-process S3 server.
#![allow(dead_code, unused_imports)]
pub mod server;
pub use server::*;
pub mod recording;
pub use recording::*;
pub mod proxy;
pub use proxy::*;
pub mod transfers;
pub use transfers::*;
pub mod crt_ops;
#[cfg(feature = "crt")]
pub use crt_ops::*;
