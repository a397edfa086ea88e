//! CRC32 for aws-c-s3, computed with SIMD instructions.
//!
//! aws-checksums computes CRC32 (the checksum S3 uploads carry by default) with a slice-by-16 table
//! loop on x86: it only has hardware paths for CRC32C and CRC64NVME. That loop was about a quarter of
//! the CPU of a CRT-engine upload. build.rs compiles aws-c-s3 with
//! `-Daws_checksums_crc32_ex=s3t_crc32_ex`, so aws-c-s3's CRC32 calls land here, in `crc-fast`
//! (carry-less multiplication, the crate aws-sdk-s3 uses for the same checksum). The vendored sources
//! are untouched, and aws-checksums' own function stays linked for anything else that calls it.

/// `aws_checksums_crc32_ex` with the same contract: the CRC32 of `length` bytes at `input`,
/// continuing from `previous_crc32` (0 for a fresh checksum).
///
/// Cannot panic: no allocation, no indexing; `crc-fast` only reads the slice.
#[no_mangle]
pub extern "C" fn s3t_crc32_ex(input: *const u8, length: usize, previous_crc32: u32) -> u32 {
    if length == 0 || input.is_null() {
        return previous_crc32;
    }
    // SAFETY: aws-c-s3 passes a buffer of `length` readable bytes (a byte cursor or buffer it owns)
    // that stays alive and unmodified for the duration of this synchronous call.
    let bytes = unsafe { std::slice::from_raw_parts(input, length) };
    crc32_continue(previous_crc32, bytes)
}

/// The CRC32 (ISO-HDLC) of `previous` bytes followed by `bytes`, given the finished CRC32 of the
/// previous bytes. CRC32 starts from and finishes with an inversion, so the running state is the
/// inverted previous checksum.
pub(crate) fn crc32_continue(previous: u32, bytes: &[u8]) -> u32 {
    let mut digest = crc_fast::Digest::new_with_init_state(crc_fast::CrcAlgorithm::Crc32IsoHdlc, u64::from(!previous));
    digest.update(bytes);
    digest.finalize() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crt::sys;

    fn aws_crc32(previous: u32, bytes: &[u8]) -> u32 {
        crate::crt::init();
        // SAFETY: the pointer and length describe `bytes`, alive for the call.
        unsafe { sys::aws_checksums_crc32_ex(bytes.as_ptr(), bytes.len(), previous) }
    }

    #[test]
    fn matches_aws_checksums_including_continuation() {
        assert_eq!(s3t_crc32_ex(b"123456789".as_ptr(), 9, 0), 0xcbf4_3926);
        let data: Vec<u8> = (0..100_003u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for split in [0, 1, 15, 16, 4096, 65_537, data.len()] {
            let (a, b) = data.split_at(split);
            let ours = s3t_crc32_ex(b.as_ptr(), b.len(), s3t_crc32_ex(a.as_ptr(), a.len(), 0));
            assert_eq!(ours, aws_crc32(aws_crc32(0, a), b), "split at {split}");
        }
        assert_eq!(s3t_crc32_ex(std::ptr::null(), 0, 0x1234), 0x1234);
    }
}
