//! Engine-independent checks: config validation as a user meets it, and the 10,000-part rule.
//!
//! The 10,000-part adjustment cannot be observed with a real object of affordable size: uploads and
//! copies clamp parts to at least 5 MiB, so the doubling only starts above 10,000 × 5 MiB ≈ 48.8 GiB
//! (with the default 8 MiB chunksize: above 78 GiB), and s3s-fs stores real bytes. So the rule is
//! checked here on the public `ChunksizeAdjuster` the upload and copy paths use, end to end in
//! `upload::upload_part_size_doubles_for_10000_parts` (a 20 MiB stream whose declared size is
//! 80,000 MiB + 1: the server sees 16 MiB parts), and the 5 MiB clamp end to end in
//! `upload::upload_small_chunksize_is_raised_to_5mib`.

use crate::support::*;

#[test]
fn manager_refuses_invalid_config_naming_the_field() {
    let server = TestServer::start();
    for (field, cfg) in [
        ("multipart_chunksize", TransferConfig { multipart_chunksize: 0, ..Default::default() }),
        ("max_request_concurrency", TransferConfig { max_request_concurrency: 0, ..Default::default() }),
        ("num_download_attempts", TransferConfig { num_download_attempts: 0, ..Default::default() }),
    ] {
        match TransferManager::new(server.sdk_client(), cfg.clone()) {
            Ok(_) => panic!("{field} = 0 must be refused"),
            Err(TransferError::InvalidArgument { message }) => assert!(message.contains(field), "{message}"),
            Err(e) => panic!("{field}: expected InvalidArgument, got {e:?}"),
        }
        assert!(cfg.validate().is_err());
    }
    let built = TransferConfig::builder().multipart_threshold(0).build();
    assert!(matches!(built, Err(TransferError::InvalidArgument { ref message }) if message.contains("multipart_threshold")));
}

#[test]
fn chunksize_adjuster_doubles_to_stay_within_10000_parts() {
    use s3transfer::compat::utils::ChunksizeAdjuster;
    let a = ChunksizeAdjuster::default();
    let mib = MIB as u64;
    // 100,000 MiB in 8 MiB parts would be 12,500 parts: doubled to 16 MiB (6,250 parts).
    assert_eq!(a.adjust_chunksize(8 * mib, Some(100_000 * mib)), 16 * mib);
    // Exactly 10,000 parts is allowed.
    assert_eq!(a.adjust_chunksize(8 * mib, Some(80_000 * mib)), 8 * mib);
    // One byte more needs another doubling.
    assert_eq!(a.adjust_chunksize(8 * mib, Some(80_000 * mib + 1)), 16 * mib);
    // Valid sizes stay; below 5 MiB clamps up; above 5 GiB clamps down; unknown size only clamps.
    assert_eq!(a.adjust_chunksize(8 * mib, Some(100 * mib)), 8 * mib);
    assert_eq!(a.adjust_chunksize(mib, Some(100 * mib)), 5 * mib);
    assert_eq!(a.adjust_chunksize(6 * 1024 * mib, Some(100 * mib)), 5 * 1024 * mib);
    assert_eq!(a.adjust_chunksize(mib, None), 5 * mib);
    // The largest object S3 accepts (5 TiB) fits in 10,000 parts.
    let size = 5 * 1024 * 1024 * mib;
    let part = a.adjust_chunksize(8 * mib, Some(size));
    assert!(size.div_ceil(part) <= 10_000, "{part}");
}
