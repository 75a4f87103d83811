#pragma once
#include <llama.h>
#include <math.h>
#include <stdint.h>

// Samples one token from `logits` (length `n`) at `temperature` with the uniform draw `u` in [0, 1);
// a temperature <= 0 takes the most likely token. Writes the token's natural-log probability under the
// untempered distribution to `*logprob`. Three linear passes at most, no allocation and no sort: llama.cpp's
// dist sampler sorts the whole vocabulary on every call, which costs milliseconds per token at 150k entries.
static inline int32_t ponder_sample(const float *logits, int32_t n, float temperature, double u, float *logprob) {
    float max = logits[0];
    int32_t best = 0;
    for (int32_t i = 1; i < n; i++) {
        if (logits[i] > max) {
            max = logits[i];
            best = i;
        }
    }
    double raw = 0.0;
    int32_t token = best;
    if (temperature <= 0.0f) {
        for (int32_t i = 0; i < n; i++) raw += expf(logits[i] - max);
    } else {
        const float inverse = 1.0f / temperature;
        double tempered = 0.0;
        for (int32_t i = 0; i < n; i++) {
            const float delta = logits[i] - max;
            raw += expf(delta);
            tempered += expf(delta * inverse);
        }
        const double target = u * tempered;
        double cumulative = 0.0;
        token = n - 1;
        for (int32_t i = 0; i < n; i++) {
            cumulative += expf((logits[i] - max) * inverse);
            if (cumulative > target) {
                token = i;
                break;
            }
        }
    }
    *logprob = logits[token] - max - (float)log(raw);
    return token;
}

// Natural-log of the sum of exp over `n` logits: log-softmax of token t is logits[t] - this.
static inline float ponder_log_sum_exp(const float *logits, int n) {
    float max = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (logits[i] > max) max = logits[i];
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += expf(logits[i] - max);
    return max + (float)log(sum);
}
