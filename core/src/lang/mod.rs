//! Language detection. (Being written.)
