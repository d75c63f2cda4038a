//! Fixed-point decimals for the telemetry's columns, written as `{:.N}` writes them, byte for
//! byte, at a fraction of its cost: the standard formatter expands the binary value exactly
//! (Grisu with a Dragon fallback), which was a fifth of `simulate`'s time from launch to
//! docking (perf, 2026-12-06).

use std::fmt;

/// `value` with `DECIMALS` digits after the point, as `format!("{value:.DECIMALS$}")` gives it.
#[derive(Clone, Copy, Debug)]
pub struct Fixed<const DECIMALS: u32>(pub f64);

/// Scaled values at or past this magnitude, or NaN and the infinities, take the standard path:
/// below it one unit in the last place of the scaled product is under 2⁻¹², far inside
/// [`TIE_MARGIN`].
const FAST_LIMIT: f64 = 1e12;

/// How near a half the scaled product's fraction may come before the standard path decides:
/// the product is rounded once, by at most half a unit in its last place, so outside this
/// margin it rounds to the same integer as the exact product.
const TIE_MARGIN: f64 = 1e-3;

impl<const DECIMALS: u32> fmt::Display for Fixed<DECIMALS> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10u64.pow(DECIMALS);
        let scaled = self.0.abs() * scale as f64;
        if scaled.is_nan() || scaled >= FAST_LIMIT || ((scaled - scaled.trunc()) - 0.5).abs() < TIE_MARGIN {
            return write!(f, "{:.*}", DECIMALS as usize, self.0);
        }
        let units = scaled.round() as u64;
        // Sign, up to 13 integer digits, the point and the decimals.
        let mut text = [0u8; 48];
        let mut at = text.len();
        // Digits are written from the right: the decimals zero-padded, then the integer part.
        fn push_digits(text: &mut [u8], at: &mut usize, mut n: u64, count: Option<u32>) {
            let mut written = 0;
            while count.map_or(written == 0 || n > 0, |c| written < c) {
                *at -= 1;
                text[*at] = b'0' + (n % 10) as u8;
                n /= 10;
                written += 1;
            }
        }
        let push = |text: &mut [u8], at: &mut usize, byte| {
            *at -= 1;
            text[*at] = byte;
        };
        if DECIMALS > 0 {
            push_digits(&mut text, &mut at, units % scale, Some(DECIMALS));
            push(&mut text, &mut at, b'.');
        }
        push_digits(&mut text, &mut at, units / scale, None);
        if self.0.is_sign_negative() {
            push(&mut text, &mut at, b'-');
        }
        f.write_str(std::str::from_utf8(&text[at..]).expect("ASCII digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::random::signed_unit;

    fn agrees<const D: u32>(value: f64) {
        assert_eq!(Fixed::<D>(value).to_string(), format!("{value:.*}", D as usize), "{value:e} to {D} decimals");
    }

    #[test]
    fn fixed_writes_what_the_standard_formatter_writes() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            0.0005,
            -0.0004,
            0.0015,
            0.001_499_999,
            999.9995,
            1e-12,
            -1e-12,
            7_000_000.123_456_789,
            -6_378_137.000_5,
            1e9,
            1e12,
            1e15,
            -3e20,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            0.1 + 0.2,
        ];
        for value in edges {
            agrees::<0>(value);
            agrees::<3>(value);
            agrees::<6>(value);
            agrees::<9>(value);
        }
        // Telemetry-sized values of every magnitude, and decimals that land on halves.
        let mut seed = 19;
        for _ in 0..200_000 {
            let magnitude = 10f64.powf(signed_unit(&mut seed) * 8.0);
            let value = signed_unit(&mut seed) * magnitude;
            agrees::<3>(value);
            agrees::<4>(value);
            agrees::<6>(value);
            agrees::<9>(value);
            let half = ((value * 1e3).trunc() + 0.5) / 1e3;
            agrees::<3>(half);
        }
    }
}
