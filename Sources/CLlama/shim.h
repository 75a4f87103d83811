#pragma once
#include <llama.h>
#include <math.h>

// Natural-log of the sum of exp over `n` logits: log-softmax of token t is logits[t] - this.
// In C so that a debug build of the Swift code still scores 150k-entry vocabularies quickly.
static inline float ponder_log_sum_exp(const float *logits, int n) {
    float max = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (logits[i] > max) max = logits[i];
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += exp((double)(logits[i] - max));
    return max + (float)log(sum);
}
