"""The dependency parser's greedy decoding loop, driven from Python with the GIL held.

spaCy's `Parser.greedy_parse` scores and moves every state in compiled code run without the
GIL; the installed build takes and releases the GIL at each compiled call in there (Cython
profiling hooks: five validity tests and a move per state and step), about 0.5 of the
parser's 0.8 ms per ACLED note (measured with perf). Here the steps are the same but the
loop is ours: the move scores come from numpy with the model's own numbers (as in
`nlp.fastner`: the same precomputed features, the same order of additions, the same BLIS
matrix product) and the moves are made by spaCy's own compiled `transition_states` (its
validity rules, arc-eager moves, sentence breaks), called with the GIL held, where those
hooks cost almost nothing. The states are spaCy's, and spaCy's `set_annotations` (with the
projectivity hook) writes them, so the parses are exactly spaCy's (tests/nlp/test_fastparser.py
compares them). Docs parsed before, unseen classes, beam search or a GPU go to spaCy's decoder.
"""
from __future__ import annotations

import numpy

from .fastner import FastDecoder, put_in_front, upper_scores


def can_decode(parser) -> bool:
    """Whether this parser is one the loop reproduces (greedy, CPU, arc-eager, the
    precomputable-affine state model of spaCy's v2/v3 parsers)."""
    try:
        from spacy.pipeline._parser_internals.arc_eager import ArcEager
        from thinc.api import NumpyOps

        model = parser.model
        return (isinstance(parser.moves, ArcEager) and parser.cfg.get("beam_width", 1) == 1
                and isinstance(model.ops, NumpyOps) and bool(model.attrs.get("has_upper"))
                and len(model.layers) == 3 and model.layers[1].name == "precomputable_affine"
                and callable(getattr(parser, "transition_states", None)))
    except Exception:   # any other shape of model: spaCy's decoder
        return False


def speed_up_parser(nlp) -> None:
    """Put the decoding loop in front of the pipeline's dependency parser where it gives
    spaCy's parses (see the module)."""
    put_in_front(nlp, "parser", FastDependencyParser, can_decode)


class FastDependencyParser(FastDecoder):
    """spaCy's DependencyParser with the decoding loop in Python."""

    joint_share = 0.5   # a token's features take 4 kB (1.5 kB for the recognizer)

    def __init__(self, parser) -> None:
        super().__init__(parser)
        self._context = None

    def __getstate__(self) -> dict:
        return {"_component": self._component, "_context": None}   # the id reader is rebuilt

    def _decodable(self, docs) -> bool:
        """Whether the loop gives spaCy's answer: some tokens, no parse set before (its labels
        could change the parser's moves), every class seen in training (spaCy masks unseen
        ones over a whole sub-batch)."""
        return (any(len(doc) for doc in docs)
                and not any(doc.has_annotation("DEP") for doc in docs)
                and not self._component.model.attrs.get("unseen_classes"))

    def _context_ids(self):
        """spaCy's reader of the states' context tokens (stack, buffer and children, offset
        into the batch), `ParserStepModel.get_token_ids`: it reads only the states, so one
        built on a one-word Doc serves every batch."""
        if self._context is None:
            from spacy.tokens import Doc

            parser = self._component
            self._context = parser.model.predict([Doc(parser.vocab, words=["x"])]).get_token_ids
        return self._context

    def _decode(self, docs, tables: list[tuple]) -> list:
        """The parser's states for `docs` (none parsed before), moved to the end as spaCy's
        `greedy_parse` moves them; `tables` are the model's precomputed features of the
        docs' tokens (`FastDecoder._table`), one per group of docs in order."""
        from blis.py import gemm

        parser = self._component
        first, lower, upper = tables[0]
        cached = first if len(tables) == 1 else numpy.concatenate([first] + [t[0][1:] for t in tables[1:]])
        n_rows, n_feats, n_out, n_pieces = cached.shape
        width = n_out * n_pieces
        # row r * n_feats + f: feature f of token r - 1 (row 0 of the table is the padding)
        table = cached.reshape(n_rows * n_feats, width)
        feature_rows = numpy.arange(n_feats, dtype=numpy.int32) + n_feats
        bias = lower.get_param("b").reshape(width)
        weights = upper.get_param("W")
        out_bias = upper.get_param("b")
        zero = numpy.float32(0.0)
        context_ids = self._context_ids()
        states = parser.moves.init_batch(docs)   # offsets into the batch, as greedy_parse
        live = [state for state in states if not state.is_final()]
        while live:
            ids = context_ids(live)                       # (states, features), -1 for none
            ids *= n_feats
            ids += feature_rows
            features = table.take(ids, axis=0)            # (states, features, width)
            # the features summed onto zeros in their order, then the bias (predict_states)
            hidden = features[:, 0] + zero
            for f in range(1, n_feats):
                hidden += features[:, f]
            hidden += bias
            scores = upper_scores(hidden, n_out, n_pieces, weights, out_bias, gemm)
            # spaCy's validity tests, best valid move and move, on its own states
            live = parser.transition_states(live, scores)
        return states
