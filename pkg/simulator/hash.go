package simulator

// mix64 is the splitmix64 finaliser: a cheap, well-distributed 64-bit hash.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash3 combines three values into one hash; every generated number in the
// data model comes from it, so the data is a pure function of its inputs.
func hash3(a, b, c uint64) uint64 {
	return mix64(a ^ mix64(b^mix64(c)))
}

// bitsOf is the two's-complement bit pattern of v: the form in which a
// signed number (a minute, a day, a seed) enters a hash. Distinct numbers keep
// distinct patterns, so nothing is lost where the value does not fit.
func bitsOf(v int64) uint64 {
	return uint64(v) // #nosec G115 -- a hash input: the bit pattern is wanted, not the value
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 {
	return float64(h>>11) / (1 << 53)
}

// signed maps a hash to [-1, 1).
func signed(h uint64) float64 {
	return 2*unit(h) - 1
}

// rng is a deterministic splitmix64 sequence used to build the world.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	if n <= 0 {
		panic("rng: intn needs a positive bound")
	}
	return int(r.next() % uint64(n)) // #nosec G115 -- below n, which is an int
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int {
	return lo + r.intn(hi-lo+1)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 {
	return unit(r.next())
}

// chance is true with probability p.
func (r *rng) chance(p float64) bool {
	return r.float() < p
}

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// floorMod is the non-negative remainder matching floorDiv.
func floorMod(a, b int64) int64 {
	return a - floorDiv(a, b)*b
}
