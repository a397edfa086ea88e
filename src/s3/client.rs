//! The `aws-sdk-s3` client that a manager, a legacy `S3Transfer` or a pool worker sends with.

use std::sync::atomic::{AtomicU64, Ordering};

use aws_sdk_s3::config::retry::RetryPartition;

/// `client`, with a retry quota of its own unless its configuration names a retry partition.
///
/// The SDK keeps its retry quota (a token bucket: each retry takes tokens, a first-attempt success
/// gives one back, a request that fails after its retries keeps what it took) per retry partition,
/// and every client of a process in the same default partition (`s3-<region>`) shares one. A
/// throttling burst that any of them meets drains it for all of them, and a drained quota fails
/// requests at their first error, without a retry: a multipart transfer then fails on one `SlowDown`.
/// botocore keeps one quota per client, and so does each user of this function.
pub(crate) fn with_own_retry_quota(client: aws_sdk_s3::Client) -> aws_sdk_s3::Client {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    if client.config().retry_partition().is_some() {
        return client; // the caller chose how its quota is shared
    }
    let name = format!("s3transfer-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let config = client.config().to_builder().retry_partition(RetryPartition::custom(name).build()).build();
    aws_sdk_s3::Client::from_conf(config)
}
