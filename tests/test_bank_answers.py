"""The shipped deep-learning banks: the answers a careless edit must not flip.

The course notebook's true/false statements are pinned in a table kept here, independently of
the YAML; every gradable item of the notebook must exist in the banks; the notebook's computed
questions keep their declared answers; every multiple-choice question keeps its right choice
(pinned below, also independently of the YAML); and the banks keep the coverage the course needs. The
slow test runs the notebook questions' snippets in the real snippet engine, so the pinned
verdicts are also the ones torch shows.
"""

from __future__ import annotations

import pytest

from quizapp.banks import Bank, Question, load_banks
from quizapp.grading import compare_values

# (bank, question, statement) -> the right answer. Where the course notebook is wrong, this is
# our answer, not the notebook's (see the statements' explanations).
NOTEBOOK_TRUE_FALSE: dict[tuple[str, str, str], bool] = {
    ("dl-dropout", "dropout-placement", "only-after-activation"): False,
    ("dl-losses-activations", "relu-facts", "no-vanishing-gradients"): False,
    ("dl-losses-activations", "relu-facts", "gradient-linear-in-input"): False,  # notebook: true
    ("dl-losses-activations", "relu-facts", "dead-neurons"): True,
    ("dl-optimization", "sgd-vs-gd-statements", "one-step-per-sample"): True,  # notebook: false
    ("dl-optimization", "sgd-vs-gd-statements", "less-variance-faster"): False,
    ("dl-optimization", "sgd-vs-gd-statements", "escapes-local-minima"): True,
    ("dl-optimization", "sgd-vs-gd-statements", "sgd-needs-more-memory"): False,
    ("dl-optimization", "sgd-vs-gd-statements", "convergence-guarantees"): False,
    ("dl-optimization", "sgd-vs-gd-statements", "momentum-beats-newton-in-ravine"): False,  # notebook: true
    ("dl-optimization", "bilevel-inner-solver", "inner-needs-descent-method"): False,  # notebook: true
    ("dl-sequence-models", "tbptt-statements", "modified-backprop"): False,  # notebook: true (contested)
    ("dl-sequence-models", "tbptt-statements", "just-shorter-sequences"): False,
    ("dl-sequence-models", "tbptt-statements", "relations-at-most-s-apart"): True,  # notebook: false (contested)
    ("dl-unsupervised", "vae-statements", "posterior-is-standard-normal"): False,
    ("dl-unsupervised", "vae-statements", "same-reconstruction-every-time"): False,
    ("dl-unsupervised", "vae-statements", "minimise-upper-bound"): True,
    ("dl-unsupervised", "gan-statements", "generator-low-discriminator-high"): False,  # notebook: true
    ("dl-unsupervised", "gan-statements", "backprop-into-generator-in-d-step"): False,  # notebook: true
    ("dl-unsupervised", "gan-statements", "sample-latent-from-prior"): True,
    ("dl-unsupervised", "gan-statements", "pretrain-discriminator"): False,  # notebook: true (contested)
    ("dl-unsupervised", "gan-statements", "keep-training-at-equilibrium"): False,
}

# Statements whose verdict depends on a reading: the explanation must name the intended one.
CONTESTED = [
    ("dl-optimization", "sgd-vs-gd-statements", "one-step-per-sample"),
    ("dl-sequence-models", "tbptt-statements", "modified-backprop"),
    ("dl-sequence-models", "tbptt-statements", "relations-at-most-s-apart"),
    ("dl-unsupervised", "gan-statements", "pretrain-discriminator"),
]

# The notebook's 47 gradable items, each pointing at the card that asks it.
NOTEBOOK_ITEMS: list[tuple[str, str, str | None]] = [
    ("dl-cnn", "receptive-field-meaning", None),
    ("dl-cnn", "receptive-field-growth", None),
    ("dl-cnn", "notebook-cnn-receptive-field", None),
    ("dl-cnn", "residual-filters", None),
    ("dl-dropout", "two-dropouts-expression", None),
    ("dl-dropout", "dropout-placement", "only-after-activation"),
    ("dl-dropout", "inverted-dropout-scaling", None),
    ("dl-losses-activations", "l2-loss-for-classifier", None),
    ("dl-losses-activations", "deep-sigmoid-plateau", None),
    ("dl-losses-activations", "tanh-instead-of-sigmoid", None),
    ("dl-losses-activations", "relu-facts", "no-vanishing-gradients"),
    ("dl-losses-activations", "relu-facts", "gradient-linear-in-input"),
    ("dl-losses-activations", "relu-facts", "dead-neurons"),
    ("dl-optimization", "gd-sgd-minibatch", None),
    ("dl-optimization", "why-sgd-and-when-not-gd", None),
    ("dl-optimization", "batch-size-doubling", None),
    ("dl-optimization", "sgd-vs-gd-statements", "one-step-per-sample"),
    ("dl-optimization", "sgd-vs-gd-statements", "less-variance-faster"),
    ("dl-optimization", "sgd-vs-gd-statements", "escapes-local-minima"),
    ("dl-optimization", "sgd-vs-gd-statements", "sgd-needs-more-memory"),
    ("dl-optimization", "sgd-vs-gd-statements", "convergence-guarantees"),
    ("dl-optimization", "sgd-vs-gd-statements", "momentum-beats-newton-in-ravine"),
    ("dl-optimization", "bilevel-inner-solver", "inner-needs-descent-method"),
    ("dl-optimization", "vanishing-exploding-concepts", None),
    ("dl-backprop", "two-layer-mlp-gradients", None),
    ("dl-backprop", "numerical-gradients", None),
    ("dl-backprop", "numeric-vs-autograd", None),
    ("dl-sequence-models", "word-embeddings-what-and-why", None),
    ("dl-sequence-models", "embedding-output-shape", None),
    ("dl-sequence-models", "implement-embedding", None),
    ("dl-sequence-models", "tbptt-statements", "modified-backprop"),
    ("dl-sequence-models", "tbptt-statements", "just-shorter-sequences"),
    ("dl-sequence-models", "tbptt-statements", "relations-at-most-s-apart"),
    ("dl-attention", "attention-and-hidden-states", None),
    ("dl-attention", "self-attention-over-source-only", None),
    ("dl-unsupervised", "vae-without-kl-reconstructions", None),
    ("dl-unsupervised", "vae-without-kl-generation", None),
    ("dl-unsupervised", "vae-statements", "posterior-is-standard-normal"),
    ("dl-unsupervised", "vae-statements", "same-reconstruction-every-time"),
    ("dl-unsupervised", "vae-statements", "minimise-upper-bound"),
    ("dl-unsupervised", "gan-statements", "generator-low-discriminator-high"),
    ("dl-unsupervised", "gan-statements", "backprop-into-generator-in-d-step"),
    ("dl-unsupervised", "gan-statements", "sample-latent-from-prior"),
    ("dl-unsupervised", "gan-statements", "pretrain-discriminator"),
    ("dl-unsupervised", "gan-statements", "keep-training-at-equilibrium"),
    ("dl-detection-segmentation", "iou-dice-map", None),
    ("dl-detection-segmentation", "yolo-vs-mask-rcnn", None),
]

# Declared answers of the notebook's computed questions: (bank, question, params or None).
NOTEBOOK_COMPUTED: list[tuple[str, str, dict | None, object]] = [
    ("dl-cnn", "notebook-cnn-receptive-field", None, 112),
    ("dl-cnn", "notebook-cnn-output-shape", None, [1, 32, 122, 122]),
    ("dl-dropout", "two-dropouts-expression", None, "p1 + p2 - p1*p2"),
    ("dl-dropout", "two-dropouts-q-value", {"p1": 0.1, "p2": 0.2}, 0.28),
    ("dl-backprop", "numeric-vs-autograd", None, 0.2),  # was true/false (always true): now the estimate itself
    ("dl-sequence-models", "embedding-output-shape", {"rows": 5, "cols": 6, "dim": 42000}, [5, 6, 7, 8, 42000]),
]

# The right choice of every multiple-choice question, whitespace-normalised: moving `correct: true`
# to another choice, or rewording the right one into something else, must fail here first.
MULTIPLE_CHOICE_ANSWERS: dict[tuple[str, str], str] = {
    ("dl-cnn", "mc-wider-field-same-resolution"): "`nn.Conv2d(C, C, 3, padding=2, dilation=2)`",
    ("dl-dropout", "mc-dropout-at-test-time"): "It returns its input unchanged.",
    ("dl-losses-activations", "mc-derivative-at-most-quarter"):
        r"the logistic sigmoid $\sigma(x) = \frac{1}{1+e^{-x}}$",
    ("dl-losses-activations", "mc-squared-error-through-sigmoid"):
        r"The gradient of $(p-y)^2$ with respect to $z$ is $2(p-y)\,p(1-p)$, and the sigmoid's slope"
        r" $p(1-p)$ is almost zero here.",
    ("dl-optimization", "mc-minibatch-gradient-noise"):
        r"It stays unbiased, and its variance halves — so its typical error shrinks only by a factor $\sqrt2$.",
    ("dl-backprop", "mc-finite-difference-cost"):
        "$2P$ forward passes; autograd needs one forward and one backward pass.",
    ("dl-sequence-models", "mc-tbptt-boundary"):
        "The hidden state is carried into the next segment but detached from the graph: its value still"
        " flows forward, gradients stop at the boundary.",
    ("dl-attention", "mc-cross-attention-inputs"):
        "Queries from the decoder's states; keys and values from the encoder's states.",
    ("dl-transformers", "mc-self-attention-cost-in-length"):
        "Arithmetic grows like $n^2 d$ (on top of $n d^2$ for the projections) and the weights take $n^2$"
        " numbers per head: doubling a long sequence roughly quadruples both.",
    ("dl-unsupervised", "mc-detach-in-discriminator-step"):
        "The backward pass stops at G's output: D's gradients are the same as without it, G's `.grad` stays"
        " untouched, and no work is spent backpropagating through G.",
    ("dl-unsupervised", "mc-vae-kl-term"):
        r"It pulls each input's code distribution towards the prior, so the codes of all inputs fill the"
        r" region that $\vec z\sim\mathcal N(\vec 0,\mat I)$ samples from — which is what makes decoding"
        r" prior samples give plausible outputs.",
    ("dl-detection-segmentation", "mc-dice-at-iou-one-third"): r"$\tfrac12$",
    ("dl-detection-segmentation", "mc-map-iou-threshold"):
        "To decide whether each detection is a true positive: it must overlap a still-unmatched"
        " ground-truth box of its class with IoU ≥ 0.5; otherwise it is a false positive.",
    ("dl-normalization", "mc-batchnorm-vs-layernorm-axes"):
        "BatchNorm: one mean and variance per channel, over the batch and all positions (N, H, W)."
        " LayerNorm: one per sample, over all its channels and positions (C, H, W).",
    ("dl-regularization", "mc-adam-l2-vs-adamw"):
        r"In Adam the decay term is divided by each weight's running gradient RMS, so weights with large"
        r" gradients are barely decayed; AdamW shrinks every weight by the same factor $1-\eta\lambda$"
        r" per step.",
    ("dl-graph-neural-networks", "mc-permutation-invariant-aggregation"): "Their element-wise sum.",
    ("dl-accelerators", "mc-which-format-holds"): "bfloat16 and float32, but not float16.",
    ("dl-custom-autograd", "mc-needs-input-grad"): "It says, per input of `forward`, whether a gradient is needed, so `backward` can skip computing the others (returning `None`).",
    ("dl-generative", "mc-which-model-has-exact-likelihood"): "A normalising flow.",
    ("dl-gated-rnns-decoding", "mc-exposure-bias-fix"): "Scheduled sampling — during training, sometimes feed the model its own previous prediction instead of the true token, more often as training goes on.",
    ("dl-architectures", "mc-bottleneck-purpose"): "The 1×1 convolutions reduce the channels so the 3×3 convolution is cheap, which allows many more layers for the same cost.",
    ("dl-self-supervised", "projection-head"): "The encoder output $f(\\vec x)$, before the projection head; the head is thrown away.",
    ("dl-transformer-mechanics", "mc-cross-attention-source"): "Queries from the decoder's previous sub-layer; keys and values from the encoder's final output.",
}

# The true/false statements of the banks added for the whole course (14-30): written for this bank,
# so each verdict is ours; most are also shown by a `verify` snippet that `quizapp check` runs.
COURSE_TRUE_FALSE: dict[tuple[str, str, str], bool] = {
    ("dl-foundations", "representation-facts", "xor-linear"): False,
    ("dl-foundations", "representation-facts", "stacked-linear-is-linear"): False,
    ("dl-foundations", "representation-facts", "universal-approximation"): True,
    ("dl-foundations", "init-facts", "zeros-are-fine"): False,
    ("dl-foundations", "init-facts", "he-keeps-scale"): True,
    ("dl-foundations", "init-facts", "xavier-for-relu"): True,
    ("dl-foundations", "generalisation-facts", "tune-on-test"): False,
    ("dl-foundations", "generalisation-facts", "zero-train-error"): False,
    ("dl-foundations", "generalisation-facts", "random-labels"): True,
    ("dl-foundations", "generalisation-facts", "more-data-variance"): True,
    ("dl-training-practice", "optimiser-mechanics", "rmsprop-per-coordinate"): True,
    ("dl-training-practice", "optimiser-mechanics", "adam-scale-invariant"): False,
    ("dl-training-practice", "optimiser-mechanics", "adam-momentum-is-m"): True,
    ("dl-training-practice", "momentum-forms", "ema-form-no-amplification"): True,
    ("dl-training-practice", "momentum-forms", "early-steps-smaller"): True,
    ("dl-training-practice", "schedule-facts", "step-scheduler-order"): True,
    ("dl-training-practice", "schedule-facts", "linear-scaling-rule"): True,
    ("dl-training-practice", "schedule-facts", "lower-lr-always-better"): False,
    ("dl-architectures", "vit-facts", "permutation-without-positions"): True,
    ("dl-architectures", "vit-facts", "more-inductive-bias"): False,
    ("dl-architectures", "vit-facts", "patch-embedding-is-conv"): True,
    ("dl-architectures", "residual-facts", "identity-gradient"): True,
    ("dl-architectures", "residual-facts", "shapes-must-match"): True,
    ("dl-architectures", "residual-facts", "learns-identity-easily"): True,
    ("dl-architectures", "residual-facts", "residual-more-parameters"): False,
    ("dl-architectures", "transfer-facts", "new-head-random"): True,
    ("dl-architectures", "transfer-facts", "frozen-bn-stats"): False,
    ("dl-architectures", "transfer-facts", "lower-layers-generic"): True,
    ("dl-gated-rnns-decoding", "gate-facts", "additive-cell-path"): True,
    ("dl-gated-rnns-decoding", "gate-facts", "gru-has-cell-state"): False,
    ("dl-gated-rnns-decoding", "gate-facts", "gates-are-sigmoids"): True,
    ("dl-gated-rnns-decoding", "gate-facts", "fewer-params-gru"): True,
    ("dl-gated-rnns-decoding", "decoding-facts", "teacher-forcing-input"): True,
    ("dl-gated-rnns-decoding", "decoding-facts", "no-exposure-bias"): False,
    ("dl-gated-rnns-decoding", "decoding-facts", "beam-one-is-greedy"): True,
    ("dl-gated-rnns-decoding", "decoding-facts", "beam-finds-best"): False,
    ("dl-gated-rnns-decoding", "sampling-facts", "top-k-renormalises"): True,
    ("dl-gated-rnns-decoding", "sampling-facts", "nucleus-fixed-count"): False,
    ("dl-gated-rnns-decoding", "sampling-facts", "temperature-zero-greedy"): True,
    ("dl-gated-rnns-decoding", "rnn-usage-facts", "bidirectional-generation"): False,
    ("dl-gated-rnns-decoding", "rnn-usage-facts", "padding-changes-final-state"): False,
    ("dl-gated-rnns-decoding", "rnn-usage-facts", "packed-gives-true-state"): True,
    ("dl-generative", "autoencoder-facts", "linear-ae-is-pca"): True,
    ("dl-generative", "autoencoder-facts", "overcomplete-copies"): True,
    ("dl-generative", "autoencoder-facts", "denoising-target"): False,
    ("dl-generative", "autoencoder-facts", "ae-samples"): False,
    ("dl-generative", "diffusion-forward-facts", "needs-t-steps"): False,
    ("dl-generative", "diffusion-forward-facts", "variance-preserving"): True,
    ("dl-generative", "diffusion-forward-facts", "learned-forward"): False,
    ("dl-generative", "diffusion-forward-facts", "one-step-sampling"): False,
    ("dl-generative", "flow-facts", "invertible"): True,
    ("dl-generative", "flow-facts", "exact-likelihood"): True,
    ("dl-generative", "flow-facts", "coupling-logdet"): True,
    ("dl-generative", "sampling-facts", "reverse-uses-eps"): True,
    ("dl-generative", "sampling-facts", "uniform-stretch-density"): False,
    ("dl-generative", "sampling-facts", "flows-sample-fast"): True,
    ("dl-generative", "reparameterisation-facts", "sample-no-gradient"): True,
    ("dl-generative", "reparameterisation-facts", "reparam-gradient"): True,
    ("dl-generative", "reparameterisation-facts", "log-variance-output"): True,
    ("dl-self-supervised", "ssl-facts", "needs-labels"): False,
    ("dl-self-supervised", "ssl-facts", "collapse"): True,
    ("dl-self-supervised", "ssl-facts", "augmentation-defines-invariance"): True,
    ("dl-self-supervised", "ssl-facts", "linear-probe"): True,
    ("dl-self-supervised", "non-contrastive-facts", "byol-components"): True,
    ("dl-self-supervised", "non-contrastive-facts", "masked-modelling-contrastive"): False,
    ("dl-self-supervised", "evaluation-facts", "loss-not-quality"): False,
    ("dl-self-supervised", "evaluation-facts", "knn-probe"): True,
    ("dl-self-supervised", "temperature-facts", "small-tau-hard-negatives"): True,
    ("dl-self-supervised", "temperature-facts", "tau-one-cannot-reach-zero"): True,
    ("dl-self-supervised", "temperature-facts", "tau-learnable"): True,
    ("dl-custom-autograd", "function-contract", "backward-gets-output-gradient"): True,
    ("dl-custom-autograd", "function-contract", "one-gradient-per-input"): True,
    ("dl-custom-autograd", "function-contract", "save-anything"): False,
    ("dl-custom-autograd", "function-contract", "backward-runs-per-use"): False,
    ("dl-custom-autograd", "function-contract", "gradcheck-needs-double"): False,
    ("dl-custom-autograd", "forward-context", "forward-not-recorded"): True,
    ("dl-custom-autograd", "forward-context", "backward-vjp-shape"): False,
    ("dl-custom-autograd", "double-backward-facts", "create-graph-second-derivative"): True,
    ("dl-custom-autograd", "double-backward-facts", "once-differentiable"): False,
    ("dl-custom-autograd", "double-backward-facts", "hvp-without-hessian"): True,
    ("dl-accelerators", "low-precision-facts", "fp16-max"): True,
    ("dl-accelerators", "low-precision-facts", "bf16-range-like-fp32"): True,
    ("dl-accelerators", "low-precision-facts", "fp16-2049"): False,
    ("dl-accelerators", "low-precision-facts", "small-gradients-flush"): True,
    ("dl-accelerators", "low-precision-facts", "bf16-needs-loss-scaling"): False,
    ("dl-accelerators", "update-lost-in-fp16", "lost-in-fp16"): True,
    ("dl-accelerators", "update-lost-in-fp16", "kept-in-fp32"): True,
    ("dl-accelerators", "data-parallel-equivalence", "equal-shards-equal-gradient"): True,
    ("dl-accelerators", "data-parallel-equivalence", "unequal-shards"): False,
    ("dl-accelerators", "data-parallel-equivalence", "batchnorm-local"): True,
    ("dl-accelerators", "memory-saving-facts", "no-grad-saves-nothing"): True,
    ("dl-accelerators", "memory-saving-facts", "checkpointing-same-gradients"): True,
    ("dl-accelerators", "memory-saving-facts", "batch-size-memory"): False,
    ("dl-accelerators", "float16-accumulation", "running-sum-stalls"): False,
    ("dl-accelerators", "float16-accumulation", "torch-sum-accumulates-wider"): True,
    ("dl-accelerators", "float16-accumulation", "fp16-01-not-exact"): False,
    ("dl-accelerators", "device-facts", "same-device"): True,
    ("dl-accelerators", "device-facts", "to-returns-copy"): False,
    ("dl-accelerators", "device-facts", "item-synchronises"): True,
    ("dl-detection-training", "roi-facts", "roipool-quantises"): True,
    ("dl-detection-training", "roi-facts", "roialign-bilinear"): True,
    ("dl-detection-training", "roi-facts", "rpn-needs-classes"): False,
    ("dl-detection-training", "detection-metric-facts", "duplicate-false-positive"): True,
    ("dl-detection-training", "detection-metric-facts", "coco-map-thresholds"): True,
    ("dl-detection-training", "detection-metric-facts", "ap-is-accuracy"): False,
    ("dl-detection-training", "segmentation-loss-facts", "dice-from-iou"): True,
    ("dl-detection-training", "segmentation-loss-facts", "pixel-ce-small-objects"): True,
    ("dl-detection-training", "segmentation-loss-facts", "soft-dice-differentiable"): True,
    ("dl-graph-variants", "variants-facts", "mean-loses-counts"): False,
    ("dl-graph-variants", "variants-facts", "gin-wl"): True,
    ("dl-graph-variants", "variants-facts", "depth-fixes-long-range"): False,
    ("dl-graph-variants", "readout-facts", "sum-readout-invariant"): True,
    ("dl-graph-variants", "readout-facts", "flatten-readout"): False,
    ("dl-graph-variants", "readout-facts", "mean-readout-size"): True,
    ("dl-graph-variants", "gat-heads-facts", "concat-width"): True,
    ("dl-graph-variants", "gat-heads-facts", "attention-over-non-neighbours"): False,
    ("dl-transformer-mechanics", "heads-do-not-add-parameters", "more-heads-more-params"): False,
    ("dl-transformer-mechanics", "heads-do-not-add-parameters", "head-dim"): True,
    ("dl-transformer-mechanics", "heads-do-not-add-parameters", "mask-blocks-future"): False,
    ("dl-transformer-mechanics", "sinusoidal-positions", "relative-shift-linear"): True,
    ("dl-transformer-mechanics", "sinusoidal-positions", "unbounded-values"): False,
    ("dl-transformer-mechanics", "language-model-facts", "shifted-targets"): True,
    ("dl-transformer-mechanics", "language-model-facts", "weight-tying"): True,
    ("dl-transformer-mechanics", "language-model-facts", "no-mask-cheats"): True,
    ("dl-transformer-mechanics", "ffn-facts", "per-token"): True,
    ("dl-transformer-mechanics", "ffn-facts", "ffn-most-flops"): True,
    ("dl-convolution-mechanics", "conv-facts", "one-by-one-is-linear"): True,
    ("dl-convolution-mechanics", "conv-facts", "params-depend-on-size"): False,
    ("dl-convolution-mechanics", "conv-facts", "maxpool-has-weights"): False,
    ("dl-convolution-mechanics", "conv-facts", "conv-equivariant"): True,
    ("dl-convolution-mechanics", "inference-mode-facts", "eval-does-not-disable-grad"): False,
    ("dl-convolution-mechanics", "inference-mode-facts", "no-grad-does-not-eval"): False,
    ("dl-convolution-mechanics", "inference-mode-facts", "inference-mode-stricter"): True,
    ("dl-normalization-mechanics", "norm-layer-facts", "layernorm-batch-independent"): True,
    ("dl-normalization-mechanics", "norm-layer-facts", "groupnorm-one-group"): True,
    ("dl-normalization-mechanics", "norm-layer-facts", "running-var-unbiased"): True,
    ("dl-normalization-mechanics", "norm-layer-facts", "eval-equals-train"): False,
    ("dl-normalization-mechanics", "where-normalisation-goes", "bn-batch-of-one"): True,
    ("dl-normalization-mechanics", "where-normalisation-goes", "groupnorm-small-batches"): True,
    ("dl-normalization-mechanics", "where-normalisation-goes", "layernorm-transformers"): False,
    ("dl-losses-in-detail", "logits-not-probabilities", "sigmoid-then-bce-exact"): False,
    ("dl-losses-in-detail", "logits-not-probabilities", "log-softmax-nll"): True,
    ("dl-losses-in-detail", "logits-not-probabilities", "softmax-shift"): False,
    ("dl-losses-in-detail", "mse-vs-mae-gradient", "l1-constant-gradient"): True,
    ("dl-losses-in-detail", "mse-vs-mae-gradient", "mse-median"): False,
    ("dl-losses-in-detail", "class-weights-facts", "accuracy-misleading"): True,
    ("dl-losses-in-detail", "class-weights-facts", "pos-weight"): True,
    ("dl-losses-in-detail", "class-weights-facts", "threshold-fixed"): False,
    ("dl-losses-in-detail", "activation-derivative-facts", "sigmoid-max-quarter"): True,
    ("dl-losses-in-detail", "activation-derivative-facts", "tanh-max-one"): True,
    ("dl-losses-in-detail", "activation-derivative-facts", "leaky-relu-no-dead"): False,
    ("dl-autograd-in-practice", "autograd-facts", "detach-shares-memory"): False,
    ("dl-autograd-in-practice", "autograd-facts", "no-grad-result"): True,
    ("dl-autograd-in-practice", "autograd-facts", "leaf-grad-only"): False,
    ("dl-autograd-in-practice", "autograd-facts", "integer-no-grad"): False,
    ("dl-autograd-in-practice", "inplace-facts", "inplace-on-leaf"): True,
    ("dl-autograd-in-practice", "inplace-facts", "inplace-relu-safe"): True,
    ("dl-regularization-in-detail", "regularization-facts", "dropout-eval-identity"): True,
    ("dl-regularization-in-detail", "regularization-facts", "early-stopping-no-validation"): False,
    ("dl-regularization-in-detail", "regularization-facts", "augmentation-label-preserving"): True,
    ("dl-regularization-in-detail", "regularization-facts", "decay-sgd-equals-l2"): True,
    ("dl-regularization-in-detail", "dropout-variants", "dropout2d-whole-channels"): True,
    ("dl-regularization-in-detail", "dropout-variants", "dropout-ensemble"): True,
    ("dl-regularization-in-detail", "dropout-variants", "mc-dropout"): True,
    ("dl-attention-in-detail", "attention-facts", "convex-combination"): True,
    ("dl-attention-in-detail", "attention-facts", "self-attention-equivariant"): True,
    ("dl-attention-in-detail", "attention-facts", "weights-depend-on-values"): False,
    ("dl-attention-in-detail", "attention-masks", "padding-mask"): True,
    ("dl-attention-in-detail", "attention-masks", "masked-equals-truncated"): True,
    ("dl-attention-in-detail", "attention-masks", "mask-zero-not-minus-inf"): False,
}

SHARED_MACROS = ("mat", "mattr", "vec", "norm", "pderiv", "E", "DKL", "grad", "diag")


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    loaded = load_banks(include_shipped=True, include_user=False)
    assert [str(p) for p in loaded.problems] == []
    return {bank.id: bank for bank in loaded.banks if bank.id.startswith("dl-")}


def _question(banks: dict[str, Bank], bank_id: str, question_id: str) -> Question:
    assert bank_id in banks, f"bank {bank_id} is missing"
    question = banks[bank_id].question(question_id)
    assert question is not None, f"{bank_id}/{question_id} is missing"
    return question


def test_notebook_true_false_answers_are_pinned(banks: dict[str, Bank]) -> None:
    for (bank_id, question_id, statement_id), expected in NOTEBOOK_TRUE_FALSE.items():
        question = _question(banks, bank_id, question_id)
        statement = next((s for s in question.statements if s.id == statement_id), None)
        assert statement is not None, f"{bank_id}/{question_id}/{statement_id} is missing"
        assert statement.answer is expected, f"{bank_id}/{question_id}/{statement_id} flipped"
        assert "notebook" in question.tags


def test_contested_statements_state_the_intended_reading(banks: dict[str, Bank]) -> None:
    for bank_id, question_id, statement_id in CONTESTED:
        statement = next(s for s in _question(banks, bank_id, question_id).statements
                         if s.id == statement_id)
        assert "Intended reading" in statement.explain, f"{question_id}/{statement_id}"


def test_every_notebook_item_has_a_card(banks: dict[str, Bank]) -> None:
    assert len(set(NOTEBOOK_ITEMS)) == 47
    for bank_id, question_id, statement_id in NOTEBOOK_ITEMS:
        question = _question(banks, bank_id, question_id)
        if statement_id is not None:
            assert statement_id in {s.id for s in question.statements}, f"{question_id}/{statement_id}"
    # every true/false statement of the notebook is both covered and pinned
    pinned = {key for key in NOTEBOOK_TRUE_FALSE}
    covered = {item for item in NOTEBOOK_ITEMS if item[2] is not None}
    assert covered == pinned


def test_notebook_computed_answers_are_declared(banks: dict[str, Bank]) -> None:
    for bank_id, question_id, params, expected in NOTEBOOK_COMPUTED:
        question = _question(banks, bank_id, question_id)
        if params is None:
            declared = question.answer
        else:
            declared = next(e.answer for e in question.examples if e.params == params)
        assert compare_values(declared, expected, compare=question.compare,
                              tolerance=question.tolerance, variables=question.variables), question_id


def test_coverage_of_the_shipped_banks(banks: dict[str, Bank]) -> None:
    questions = [q for bank in banks.values() for q in bank.questions]
    cards = sum(len(bank.cards()) for bank in banks.values())
    parametrised_and_cross_checked = [q for q in questions if q.is_parametrised and q.cross_check]
    demos = sum(len(q.demos) + sum(len(s.demos) for s in q.statements) for q in questions)
    verified = sum(s.verify is not None for q in questions for s in q.statements)
    assert cards >= 120
    assert len(parametrised_and_cross_checked) >= 6
    assert demos >= 10
    assert verified >= 20
    multiple_choice = [q for q in questions if q.kind == "multiple_choice"]
    assert len(multiple_choice) >= 12
    assert len({q.bank_id for q in multiple_choice}) >= 8, "multiple choice spread over the topics"
    assert sum(bool(q.demos) for q in multiple_choice) >= 12, "multiple-choice answers shown with torch"
    topics = {q.topic for q in questions}
    assert {"graph-neural-networks", "transformers", "normalization", "regularization"} <= topics


def test_every_question_is_complete(banks: dict[str, Bank]) -> None:
    for bank in banks.values():
        assert set(SHARED_MACROS) <= set(bank.macros), bank.id
        for q in bank.questions:
            assert q.tags, f"{bank.id}/{q.id} has no tags"
            assert q.topic != "general", f"{bank.id}/{q.id} has no topic"
            if q.kind == "open":
                assert q.answer.strip(), q.id
                assert 2 <= len(q.key_points) <= 5, q.id
            if q.kind == "true_false":
                assert all(s.answer is not None and s.explain.strip() for s in q.statements), q.id
            if q.is_parametrised:
                assert q.examples, q.id
    macros = {tuple(sorted(bank.macros.items())) for bank in banks.values()}
    assert len(macros) == 1, "every bank declares the same notation macros"


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_multiple_choice_answers_are_pinned(banks: dict[str, Bank]) -> None:
    for (bank_id, question_id), expected in MULTIPLE_CHOICE_ANSWERS.items():
        question = _question(banks, bank_id, question_id)
        assert question.kind == "multiple_choice", question_id
        right = [_normalised(c.text) for c in question.choices if c.correct]
        assert right == [expected], f"{bank_id}/{question_id}: the right choice changed"


def test_multiple_choice_questions_are_well_formed(banks: dict[str, Bank]) -> None:
    """3-5 distinct choices, and the feedback explains the right one and a tempting wrong one."""
    for bank in banks.values():
        for q in bank.questions:
            if q.kind != "multiple_choice":
                continue
            texts = [_normalised(c.text) for c in q.choices]
            assert 3 <= len(texts) <= 5, q.id
            assert len(set(texts)) == len(texts), f"{q.id}: two choices read the same"
            assert all(c.explain.strip() for c in q.choices if c.correct), f"{q.id}: unexplained right choice"
            assert any(c.explain.strip() for c in q.choices if not c.correct), f"{q.id}: no wrong choice explained"
            assert (bank.id, q.id) in MULTIPLE_CHOICE_ANSWERS, f"{bank.id}/{q.id}: pin its right choice"


@pytest.mark.slow
def test_notebook_questions_hold_in_the_snippet_engine(banks: dict[str, Bank]) -> None:
    """torch, in the real sandboxed engine, agrees with every notebook answer the banks declare."""
    from quizapp.snippets import SnippetEngine
    from quizapp.snippets.checking import judge, plan

    items = [item for bank in banks.values() for item in plan(bank, seeded_variants=1)
             if "notebook" in item.question.tags and item.role != "demo"]
    verified = {(i.bank.id, i.question.id, i.statement.id) for i in items if i.role == "verify"}
    assert len(verified) >= 15
    assert verified <= set(NOTEBOOK_TRUE_FALSE)
    with SnippetEngine(cache=False) as engine:
        results = [future.result(timeout=120) for future in [engine.submit(i.job) for i in items]]
    failures = [o.message for o in judge(items, results) if not o.passed]
    assert failures == []


def test_course_true_false_answers_are_pinned(banks: dict[str, Bank]) -> None:
    """Every statement of the course banks keeps its verdict, and none is left unpinned."""
    for (bank_id, question_id, statement_id), expected in COURSE_TRUE_FALSE.items():
        question = _question(banks, bank_id, question_id)
        statement = next((s for s in question.statements if s.id == statement_id), None)
        assert statement is not None, f"{bank_id}/{question_id}/{statement_id} is missing"
        assert statement.answer is expected, f"{bank_id}/{question_id}/{statement_id} flipped"
    course_banks = {key[0] for key in COURSE_TRUE_FALSE}
    unpinned = [(b.id, q.id, s.id) for b in banks.values() if b.id in course_banks
                for q in b.questions if q.kind == "true_false" for s in q.statements
                if (b.id, q.id, s.id) not in COURSE_TRUE_FALSE]
    assert unpinned == [], "pin these statements' answers in COURSE_TRUE_FALSE"
