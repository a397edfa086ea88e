//! How the classic engine uses the manager's `aws-sdk-s3` client: per-request configuration
//! overrides derived from the `TransferConfig`.

use aws_sdk_s3::config::RequestChecksumCalculation;

use crate::config::{ChecksumCalculation, TransferConfig};

/// With `ChecksumCalculation::WhenRequired`, the client is told not to add a checksum of its own.
pub(crate) fn checksum_override(config: &TransferConfig) -> Option<aws_sdk_s3::config::Builder> {
    if config.checksum_calculation == ChecksumCalculation::WhenRequired {
        Some(aws_sdk_s3::config::Builder::default().request_checksum_calculation(RequestChecksumCalculation::WhenRequired))
    } else {
        None
    }
}
