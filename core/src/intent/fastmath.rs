//! A portable, branch-free softmax.
//!
//! `libm::expf` is exact to the last bit but costs a call per class, and was
//! 15 % of CLINC150 training (151 classes × every SGD step). [`exp_neg`] is
//! a degree-6 polynomial after range reduction, built only from IEEE-754
//! additions and multiplications (Rust never fuses them), so it gives the
//! same bits on every platform and the compiler vectorizes it with baseline
//! SSE2 / WASM SIMD-free code alike. Its relative error is below 3·10⁻⁷.

/// `e^x` for `x ≤ 0` (larger inputs are not needed by a softmax that
/// subtracts the maximum). Inputs below −87 give `e^-87`, about 1.6·10⁻³⁸,
/// instead of a subnormal; NaN stays NaN-free (it maps to `e^-87`).
#[inline]
pub(crate) fn exp_neg(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two so that `n · LN2_HI` is exact for |n| < 2^11
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // 1.5 · 2^23: adding it rounds to an integer held in the low mantissa
    const MAGIC: f32 = 12_582_912.0;
    // NaN becomes -87 (which `clamp` would not do). Comparisons rather than
    // `f32::max`/`min`, which WASM has no instruction for (they are calls to
    // `fmaxf`/`fminf` there); the results are the same (-0 may become 0,
    // which gives the same `e^x`).
    let x = if x > -87.0 { x } else { -87.0 };
    let x = if x < 0.0 { x } else { 0.0 };
    let k = x * LOG2E + MAGIC;
    let n = k - MAGIC;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // n = bits(k) - bits(MAGIC), in -126..=0, so 2^n is a normal float
    let ni = (k.to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32);
    let scale = f32::from_bits(((ni + 127) as u32) << 23);
    p * scale
}

/// Replaces logits `z` by their softmax probabilities. The sum is taken in
/// eight fixed lanes, so the result does not depend on vector width.
pub(crate) fn softmax_in_place(z: &mut [f32]) {
    // NaN is skipped, as `f32::max` would (see `exp_neg` for why no `max`)
    let max = z
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, |m, v| if v > m { v } else { m });
    for v in z.iter_mut() {
        *v = exp_neg(*v - max);
    }
    let inv = 1.0 / lane_sum(z);
    for v in z.iter_mut() {
        *v *= inv;
    }
}

/// Sum of `v` accumulated in eight lanes, then the lanes in a fixed order.
pub(crate) fn lane_sum(v: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = v.chunks_exact(8);
    let rest = chunks.remainder();
    for ch in chunks {
        for (a, &x) in acc.iter_mut().zip(ch) {
            *a += x;
        }
    }
    for (a, &x) in acc.iter_mut().zip(rest) {
        *a += x;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_libm_closely() {
        let mut worst = 0f32;
        let mut x = -87.0f32;
        while x <= 0.0 {
            let a = exp_neg(x);
            let b = libm::expf(x);
            worst = worst.max(((a - b) / b).abs());
            x += 0.001_37;
        }
        assert!(worst < 3e-7, "relative error {worst}");
        assert_eq!(exp_neg(0.0), 1.0);
        assert!(exp_neg(-1000.0) > 0.0 && exp_neg(-1000.0) < 1e-37);
        assert!(exp_neg(f32::NAN).is_finite());
        assert_eq!(exp_neg(5.0), 1.0, "positive inputs are clamped to 0");
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_order() {
        let mut z: Vec<f32> = (0..151)
            .map(|i| libm::sinf(i as f32 * 0.37) * 9.0)
            .collect();
        let arg = |v: &[f32]| {
            v.iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i)
        };
        let before = arg(&z);
        softmax_in_place(&mut z);
        assert_eq!(arg(&z), before);
        let s: f32 = z.iter().sum();
        assert!((s - 1.0).abs() < 1e-5, "{s}");
        assert!(z.iter().all(|&p| (0.0..=1.0).contains(&p)));
        assert_eq!(lane_sum(&[1.0; 13]), 13.0);
        assert_eq!(lane_sum(&[]), 0.0);
    }
}
