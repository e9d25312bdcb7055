//! FAQ retrieval. (Being written.)
