//! Exact non-negative rational numbers for checklist scores.
//!
//! Seed 003 grades on exact thresholds (A = 100 %, B = 80 % ≤ x < 100 %, …). A mean of means of
//! fractions such as 3/4 and 1899/1900 has a denominator that can exceed any fixed-width integer,
//! so the value is kept as a reduced fraction of unbounded integers and compared by
//! cross-multiplication. Rounding happens only when a percentage is shown.

use std::cmp::Ordering;

/// Unsigned integer of any size: little-endian base-2³² limbs, no high zero limbs (zero is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn limb(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }

    fn add(&self, o: &Big) -> Big {
        let n = self.0.len().max(o.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let s = u64::from(self.limb(i)) + u64::from(o.limb(i)) + carry;
            out.push(s as u32);
            carry = s >> 32;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Big(out)
    }

    /// `self - o`; the caller guarantees `self >= o`.
    fn sub(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0u64;
        for (i, &a) in self.0.iter().enumerate() {
            let take = u64::from(o.limb(i)) + borrow;
            let a = u64::from(a);
            if a >= take {
                out.push((a - take) as u32);
                borrow = 0;
            } else {
                out.push(((1u64 << 32) + a - take) as u32);
                borrow = 1;
            }
        }
        debug_assert_eq!(borrow, 0, "Big::sub underflow");
        let mut b = Big(out);
        b.trim();
        b
    }

    fn mul(&self, o: &Big) -> Big {
        if self.is_zero() || o.is_zero() {
            return Big::default();
        }
        let mut out = vec![0u32; self.0.len() + o.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in o.0.iter().enumerate() {
                // (2³²-1)² + 2·(2³²-1) = 2⁶⁴-1: never overflows.
                let t = u64::from(a) * u64::from(b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            out[i + o.0.len()] = carry as u32;
        }
        let mut b = Big(out);
        b.trim();
        b
    }

    fn mul_small(&self, m: u64) -> Big {
        self.mul(&Big::from_u64(m))
    }

    fn bits(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(top) => (self.0.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()),
        }
    }

    fn bit(&self, i: u64) -> bool {
        (self.limb((i / 32) as usize) >> (i % 32)) & 1 == 1
    }

    fn trailing_zeros(&self) -> u64 {
        let mut n = 0u64;
        for &l in &self.0 {
            if l == 0 {
                n += 32;
            } else {
                return n + u64::from(l.trailing_zeros());
            }
        }
        n
    }

    fn shl(&self, n: u64) -> Big {
        if self.is_zero() {
            return Big::default();
        }
        let limbs = (n / 32) as usize;
        let bits = (n % 32) as u32;
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &l in &self.0 {
            if bits == 0 {
                out.push(l);
            } else {
                out.push((l << bits) | carry);
                carry = l >> (32 - bits);
            }
        }
        if carry > 0 {
            out.push(carry);
        }
        Big(out)
    }

    fn shr(&self, n: u64) -> Big {
        let limbs = (n / 32) as usize;
        if limbs >= self.0.len() {
            return Big::default();
        }
        let bits = (n % 32) as u32;
        let src = &self.0[limbs..];
        let mut out = Vec::with_capacity(src.len());
        for (i, &l) in src.iter().enumerate() {
            if bits == 0 {
                out.push(l);
            } else {
                let high = src.get(i + 1).copied().unwrap_or(0);
                out.push((l >> bits) | (high << (32 - bits)));
            }
        }
        let mut b = Big(out);
        b.trim();
        b
    }

    /// Greatest common divisor (binary algorithm: shifts and subtractions only).
    fn gcd(a: &Big, b: &Big) -> Big {
        if a.is_zero() {
            return b.clone();
        }
        if b.is_zero() {
            return a.clone();
        }
        let za = a.trailing_zeros();
        let zb = b.trailing_zeros();
        let mut a = a.shr(za);
        let mut b = b.shr(zb);
        loop {
            match a.cmp(&b) {
                Ordering::Equal => break,
                Ordering::Greater => std::mem::swap(&mut a, &mut b),
                Ordering::Less => {}
            }
            b = b.sub(&a);
            let z = b.trailing_zeros();
            b = b.shr(z);
        }
        a.shl(za.min(zb))
    }

    /// Quotient and remainder; `d` must not be zero.
    fn divrem(&self, d: &Big) -> (Big, Big) {
        debug_assert!(!d.is_zero(), "Big::divrem by zero");
        if self < d {
            return (Big::default(), self.clone());
        }
        let mut q = vec![0u32; self.0.len()];
        let mut r = Big::default();
        for i in (0..self.bits()).rev() {
            r = r.shl(1);
            if self.bit(i) {
                if r.0.is_empty() {
                    r.0.push(1);
                } else {
                    r.0[0] |= 1;
                }
            }
            if r >= *d {
                r = r.sub(d);
                q[(i / 32) as usize] |= 1 << (i % 32);
            }
        }
        let mut q = Big(q);
        q.trim();
        (q, r)
    }

    fn divrem_small(&self, d: u32) -> (Big, u32) {
        let mut out = vec![0u32; self.0.len()];
        let mut rem = 0u64;
        for i in (0..self.0.len()).rev() {
            let cur = (rem << 32) | u64::from(self.0[i]);
            out[i] = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        let mut q = Big(out);
        q.trim();
        (q, rem as u32)
    }

    fn to_u64(&self) -> Option<u64> {
        match self.0.len() {
            0 => Some(0),
            1 => Some(u64::from(self.0[0])),
            2 => Some(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32)),
            _ => None,
        }
    }

    fn to_decimal(&self) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut chunks = Vec::new();
        let mut n = self.clone();
        while !n.is_zero() {
            let (q, r) = n.divrem_small(1_000_000_000);
            chunks.push(r);
            n = q;
        }
        let mut s = String::new();
        for (i, c) in chunks.iter().rev().enumerate() {
            if i == 0 {
                s.push_str(&c.to_string());
            } else {
                s.push_str(&format!("{c:09}"));
            }
        }
        s
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
}

/// A non-negative fraction, always reduced, with a positive denominator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratio {
    num: Big,
    den: Big,
}

impl Ratio {
    /// `num / den`, reduced; `None` when `den` is zero.
    pub fn new(num: u64, den: u64) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        Some(Ratio::reduced(Big::from_u64(num), Big::from_u64(den)))
    }

    pub fn zero() -> Ratio {
        Ratio {
            num: Big::default(),
            den: Big::from_u64(1),
        }
    }

    pub fn one() -> Ratio {
        Ratio {
            num: Big::from_u64(1),
            den: Big::from_u64(1),
        }
    }

    fn reduced(num: Big, den: Big) -> Ratio {
        if num.is_zero() {
            return Ratio::zero();
        }
        let g = Big::gcd(&num, &den);
        if g.0 == [1] {
            return Ratio { num, den };
        }
        Ratio {
            num: num.divrem(&g).0,
            den: den.divrem(&g).0,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }

    pub fn is_one(&self) -> bool {
        self.num == self.den
    }

    pub fn add(&self, o: &Ratio) -> Ratio {
        if self.den == o.den {
            return Ratio::reduced(self.num.add(&o.num), self.den.clone());
        }
        Ratio::reduced(
            self.num.mul(&o.den).add(&o.num.mul(&self.den)),
            self.den.mul(&o.den),
        )
    }

    /// `self / k`; `None` when `k` is zero.
    pub fn div_int(&self, k: u64) -> Option<Ratio> {
        if k == 0 {
            return None;
        }
        Some(Ratio::reduced(self.num.clone(), self.den.mul_small(k)))
    }

    /// The arithmetic mean; `None` for no values.
    pub fn mean<'a>(values: impl IntoIterator<Item = &'a Ratio>) -> Option<Ratio> {
        let mut sum = Ratio::zero();
        let mut n = 0u64;
        for v in values {
            sum = sum.add(v);
            n += 1;
        }
        sum.div_int(n)
    }

    /// `self >= p / q` by cross-multiplication (exact). `q` must not be zero.
    pub fn at_least(&self, p: u64, q: u64) -> bool {
        self.num.mul_small(q) >= self.den.mul_small(p)
    }

    /// `round(self × scale)`, halves rounded up, computed exactly.
    fn scaled_round(&self, scale: u64) -> u64 {
        let twice = self.num.mul_small(2 * scale).add(&self.den);
        let (q, _) = twice.divrem(&self.den.mul_small(2));
        q.to_u64().unwrap_or(u64::MAX)
    }

    /// The percentage rounded to a whole number (halves up) for display. A rate below 100 %
    /// never shows as 100, so the number shown never contradicts the grade (99.95 % shows 99).
    pub fn percent_rounded(&self) -> u32 {
        self.display(100)
    }

    /// The percentage in tenths (e.g. 999 for 99.9 %), rounded like [`Ratio::percent_rounded`]:
    /// below 100 % it never shows 100.0.
    pub fn percent_tenths(&self) -> u32 {
        self.display(1000)
    }

    fn display(&self, full: u32) -> u32 {
        let v = self.scaled_round(u64::from(full));
        if v >= u64::from(full) && !self.is_one() && self.den > self.num {
            full - 1
        } else {
            u32::try_from(v).unwrap_or(u32::MAX)
        }
    }

    /// Exact value as decimal strings (either can exceed 64 bits).
    pub fn numerator(&self) -> String {
        self.num.to_decimal()
    }

    pub fn denominator(&self) -> String {
        self.den.to_decimal()
    }

    /// Approximate value, for charts only (never for grading).
    pub fn to_f64(&self) -> f64 {
        let shift = self.den.bits().max(self.num.bits()).saturating_sub(60);
        let n = self.num.shr(shift).to_u64().unwrap_or(u64::MAX) as f64;
        let d = self.den.shr(shift).to_u64().unwrap_or(u64::MAX) as f64;
        if d == 0.0 {
            0.0
        } else {
            n / d
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Self) -> Ordering {
        self.num.mul(&o.den).cmp(&o.num.mul(&self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: u64, d: u64) -> Ratio {
        Ratio::new(n, d).unwrap()
    }

    #[test]
    fn reduces_and_compares_exactly() {
        assert_eq!(r(6, 8), r(3, 4));
        assert_eq!(r(0, 5), Ratio::zero());
        assert_eq!(r(7, 7), Ratio::one());
        assert!(r(4, 5).at_least(4, 5));
        assert!(!r(7999, 10_000).at_least(4, 5));
        assert!(r(1, 3) < r(1, 2));
        assert!(Ratio::new(1, 0).is_none());
    }

    #[test]
    fn big_arithmetic_matches_u128() {
        // A small deterministic generator: no dependency, same numbers every run.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let a = next();
            let b = next() | 1;
            let (ba, bb) = (Big::from_u64(a), Big::from_u64(b));
            let prod = u128::from(a) * u128::from(b);
            let big = ba.mul(&bb);
            assert_eq!(big.to_decimal(), prod.to_string());
            let (q, rem) = big.divrem(&bb);
            assert_eq!(q, ba);
            assert!(rem.is_zero());
            let sum = u128::from(a) + u128::from(b);
            assert_eq!(ba.add(&bb).to_decimal(), sum.to_string());
            let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
            assert_eq!(
                Big::from_u64(hi).sub(&Big::from_u64(lo)),
                Big::from_u64(hi - lo)
            );
            let g = Big::gcd(&ba, &bb).to_u64().unwrap();
            assert_eq!(g, gcd64(a, b));
            let s = u32::try_from(next() % 64).unwrap();
            assert_eq!(ba.shl(u64::from(s)).shr(u64::from(s)), ba);
        }
    }

    fn gcd64(mut a: u64, mut b: u64) -> u64 {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }

    #[test]
    fn means_of_many_distinct_denominators_stay_exact() {
        // 1 − 1/p for the first primes above 1800: the common denominator is far beyond u128.
        let primes: Vec<u64> = (1800u64..)
            .filter(|n| (2..*n).take_while(|d| d * d <= *n).all(|d| n % d != 0))
            .take(40)
            .collect();
        let rates: Vec<Ratio> = primes.iter().map(|&p| r(p - 1, p)).collect();
        let mean = Ratio::mean(&rates).unwrap();
        assert!(mean.denominator().len() > 40, "{}", mean.denominator());
        assert!(mean < Ratio::one());
        assert!(mean.at_least(99, 100));
        assert_eq!(mean.percent_rounded(), 99);
        // mean + (1 − mean) == 1 exactly.
        let mut rest = Ratio::zero();
        for &p in &primes {
            rest = rest.add(&r(1, p));
        }
        let rest = rest.div_int(primes.len() as u64).unwrap();
        assert_eq!(mean.add(&rest), Ratio::one());
    }

    #[test]
    fn display_rounds_half_up_but_never_shows_a_false_100() {
        assert_eq!(r(2, 3).percent_rounded(), 67);
        assert_eq!(r(17, 30).percent_rounded(), 57);
        assert_eq!(r(1, 3).percent_rounded(), 33);
        assert_eq!(r(1, 200).percent_rounded(), 1);
        assert_eq!(r(1999, 2000).percent_rounded(), 99);
        assert_eq!(r(1999, 2000).percent_tenths(), 999);
        assert_eq!(r(9999, 10_000).percent_tenths(), 999);
        assert_eq!(Ratio::one().percent_rounded(), 100);
        assert_eq!(Ratio::one().percent_tenths(), 1000);
        assert_eq!(r(2, 3).percent_tenths(), 667);
        assert!((r(1, 4).to_f64() - 0.25).abs() < 1e-12);
    }
}
