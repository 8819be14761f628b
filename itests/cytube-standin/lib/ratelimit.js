'use strict';

/**
 * CyTube's per-user limiter (utilities.js newRateLimiter), same algorithm:
 * a burst of `burst` messages; after that one message per 1000/sustained ms since the last ALLOWED one
 * (a refused message does not move the clock); `cooldown` seconds without messages reset the burst.
 * throttle() returns true when the message must be dropped.
 */
class RateLimiter {
    constructor(now = Date.now) {
        this.count = 0;
        this.lastTime = 0;
        this.now = now;
    }

    throttle(opts = {}) {
        let burst = +opts.burst;
        let sustained = +opts.sustained;
        let cooldown = +opts.cooldown;
        if (isNaN(burst)) burst = 10;
        if (isNaN(sustained)) sustained = 2;
        if (isNaN(cooldown)) cooldown = burst / sustained;
        const now = this.now();

        // Cooled down: allow and clear the buffer
        if (this.lastTime < now - cooldown * 1000) {
            this.count = 1;
            this.lastTime = now;
            return false;
        }
        // Burst not used up yet: allow
        if (this.count < burst) {
            this.count++;
            this.lastTime = now;
            return false;
        }
        if (now - this.lastTime < 1000 / sustained) {
            return true;
        }
        this.lastTime = now;
        return false;
    }
}

/** CyTube's connection throttle (util/token-bucket.js): `capacity` tokens, `refillRate` tokens per second. */
class TokenBucket {
    constructor(capacity, refillRate, now = Date.now) {
        this.capacity = capacity;
        this.refillRate = refillRate;
        this.count = capacity;
        this.now = now;
        this.lastRefill = now();
    }

    throttle() {
        const now = this.now();
        const delta = Math.floor(((now - this.lastRefill) / 1000) * this.refillRate);
        if (delta > 0) {
            this.count = Math.min(this.capacity, this.count + delta);
            this.lastRefill = now;
        }
        if (this.count <= 0) {
            return true;
        }
        this.count--;
        return false;
    }
}

module.exports = { RateLimiter, TokenBucket };
