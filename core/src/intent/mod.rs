//! Intent classification. (Being written.)
