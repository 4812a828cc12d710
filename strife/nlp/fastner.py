"""The entity recognizer's greedy decoder, stepping all of a batch's texts with numpy.

spaCy's transition-based NER scores each state with the model, then asks every one of its 74
moves whether it is valid. The installed build does that in compiled code which takes and
releases the GIL at each of those calls (Cython profiling hooks), so on short notes the
decoding costs more than the network itself (1.6 of 2.2 ms per ACLED note, measured with
perf). Without entities set before the recognizer runs, the BILUO moves' validity depends
only on whether an entity is open, its label, sentence starts and whitespace tokens; here
it is computed for all states at once, with the model's own numbers: the same precomputed
feature table, the same order of additions, the same BLIS matrix product for the scores
and the same tie-breaking, so the entities are exactly spaCy's (tests/nlp/test_fastner.py
compares them). Anything else (preset entities, beam search, a GPU, another
feature set) goes to spaCy's own decoder. The wrapper, `FastDecoder`, also serves the
parser's loop (nlp.fastparser).
"""
from __future__ import annotations

import numpy

# move codes of the BILUO transition system, read from the class names ("B-ORG", "O", "U-")
_BEGIN, _IN, _LAST, _UNIT, _OUT = 1, 2, 3, 4, 5
_MOVE_CODES = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}


# Sub-batches, of one batch or of several in a row, are decoded together up to this many
# tokens (the features of a token take 1.5 kB: 4,096 tokens, 6 MB, about one sub-batch of
# news articles; the parser's take 4 kB, and it joins half as many).
JOINT_DECODE_TOKENS = 4096


class _Decoded(list):
    """Per Doc, its entities as (start, end, label id): what `predict` hands `set_annotations`."""


class _Moves:
    """The recognizer's moves as arrays over its classes."""

    def __init__(self, ner) -> None:
        strings = ner.vocab.strings
        moves, labels = [], []
        for clas in range(ner.moves.n_moves):
            name = ner.moves.get_class_name(clas)
            move, _, label = name.partition("-")
            if move not in _MOVE_CODES:
                raise ValueError(f"unknown NER move {name!r}")
            moves.append(_MOVE_CODES[move])
            labels.append(strings.add(label) if label else 0)
        self.move = numpy.array(moves, dtype=numpy.int8)
        self.label = numpy.array(labels, dtype=numpy.uint64)
        named = self.label != 0
        self.is_out = self.move == _OUT
        self.is_begin = (self.move == _BEGIN) & named
        self.is_in = (self.move == _IN) & named
        self.is_last = (self.move == _LAST) & named
        self.is_unit = (self.move == _UNIT) & named


def can_decode(ner) -> bool:
    """Whether this recognizer is one the fast decoder reproduces (greedy, CPU, the BILUO
    system with the 3-feature state of spaCy's v2/v3 NER models)."""
    try:
        from spacy.pipeline._parser_internals.ner import BiluoPushDown
        from thinc.api import NumpyOps

        model = ner.model
        _Moves(ner)   # every move one of B, I, L, U, O
        return (isinstance(ner.moves, BiluoPushDown) and ner.cfg.get("beam_width", 1) == 1
                and isinstance(model.ops, NumpyOps) and bool(model.attrs.get("has_upper"))
                and len(model.layers) == 3 and model.layers[1].get_dim("nF") == 3
                and model.layers[1].name == "precomputable_affine")
    except Exception:   # any other shape of model: spaCy's decoder
        return False


def speed_up_entity_recognizer(nlp) -> None:
    """Put the fast decoder in front of the pipeline's recognizer where it gives spaCy's
    answers (see the module). spaCy's component is a compiled class whose methods cannot be
    replaced, so the pipeline gets a wrapper that answers for it and passes on everything
    else (its model, labels, serialisation) to it."""
    put_in_front(nlp, "ner", FastEntityRecognizer, can_decode)


def put_in_front(nlp, pipe: str, wrapper_class, decodable) -> None:
    """Replace the pipeline's component `pipe` by `wrapper_class(component)` when the
    component is one `decodable` accepts and not wrapped already (both fast decoders)."""
    if pipe not in nlp.pipe_names:
        return
    proc = nlp.get_pipe(pipe)
    if isinstance(proc, wrapper_class) or not decodable(proc):
        return
    wrapper = wrapper_class(proc)
    nlp._components = [(name, wrapper if p is proc else p) for name, p in nlp._components]


class _Features:
    """The precomputed features of a group of sub-batches, as one table (row 0 the padding,
    then each sub-batch's tokens in order), with the layers that score them. A second
    sub-batch's features are copied into a buffer for the whole group (at most `tokens`
    tokens) and each sub-batch's own table is let go: no joined copy next to the parts."""

    def __init__(self, tokens: int) -> None:
        self._capacity = tokens + 1
        self.clear()

    def clear(self) -> None:
        self._first = None
        self._buffer = None
        self._rows = 0
        self._layers: tuple = ()

    def __bool__(self) -> bool:
        return self._rows > 0

    def add(self, table: tuple) -> None:
        cached, *layers = table
        self._layers = tuple(layers)
        if not self._rows:
            self._first, self._rows = cached, len(cached)
            return
        if self._buffer is None:
            self._buffer = numpy.empty((self._capacity,) + cached.shape[1:], dtype=cached.dtype)
            self._buffer[: self._rows] = self._first
            self._first = None
        self._buffer[self._rows: self._rows + len(cached) - 1] = cached[1:]
        self._rows += len(cached) - 1

    def joined(self) -> tuple:
        table = self._first if self._buffer is None else self._buffer[: self._rows]
        return (table, *self._layers)


class FastDecoder:
    """A spaCy transition-based component (entity recognizer, parser) whose greedy decoding is
    strife's; any other attribute is the wrapped component's. spaCy's components are compiled
    classes whose methods cannot be replaced, so the pipeline gets this wrapper, which answers
    for it and passes on everything else (its model, labels, serialisation). Batches are cut
    and sorted as spaCy's `Parser.pipe` cuts them, since the model's numbers are only the same
    for the same batches. Subclasses say which docs they decode (`_decodable`) and how
    (`_decode`, from the sub-batches' precomputed features)."""

    joint_share = 1.0   # of JOINT_DECODE_TOKENS, the tokens decoded together

    def __init__(self, component) -> None:
        self._component = component

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_component":
            raise AttributeError(name)
        return getattr(self._component, name)

    def __call__(self, doc):
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        from spacy import util

        component = self._component
        error_handler = component.get_error_handler()
        waiting: list[list] = []   # batches, in order, whose docs wait for `group` to be decoded
        group: list = []           # the docs of their sub-batches, decoded together
        limit = int(JOINT_DECODE_TOKENS * self.joint_share)
        features = _Features(limit)  # the sub-batches' precomputed features

        def decode_group() -> list:
            """Decode the group; the waiting batches' docs, now annotated, in order."""
            if features:
                self.set_annotations(group, self._decode(group, [features.joined()]))
            done = [doc for batch in waiting for doc in batch]
            group.clear(), features.clear(), waiting.clear()
            return done

        for batch in util.minibatch(docs, size=batch_size):
            batch_in_order = list(batch)
            try:
                by_length = sorted(batch_in_order, key=lambda doc: len(doc))
                subbatches = [list(b) for b in util.minibatch(by_length, size=max(batch_size // 4, 2))]
                if self._decodable(by_length):
                    # the model scores each sub-batch as spaCy does; the moves of sub-batches
                    # with few tokens between them, of this batch and of those before it, are
                    # then decoded together (fewer, larger numpy steps), those of long texts
                    # one sub-batch at a time (memory)
                    for sub in subbatches:
                        if features and sum(len(doc) for doc in group) + sum(len(doc) for doc in sub) > limit:
                            yield from decode_group()
                        group.extend(sub)
                        if any(len(doc) for doc in sub):
                            features.add(self._table(sub))
                    waiting.append(batch_in_order)
                else:
                    yield from decode_group()
                    for sub in subbatches:
                        self.set_annotations(sub, self.predict(sub))
                    yield from batch_in_order
            except Exception as e:
                failed = [doc for b in waiting for doc in b] + batch_in_order
                group.clear(), features.clear(), waiting.clear()
                error_handler(component.name, component, failed, e)
        try:
            yield from decode_group()
        except Exception as e:
            failed = [doc for b in waiting for doc in b]
            group.clear(), features.clear(), waiting.clear()
            error_handler(component.name, component, failed, e)

    def predict(self, docs):
        from spacy.tokens import Doc

        if isinstance(docs, Doc):
            docs = [docs]
        if not self._decodable(docs):
            return self._component.predict(docs)
        return self._decode(docs, [self._table(docs)])

    def set_annotations(self, docs, states) -> None:
        self._component.set_annotations(docs, states)

    def _decodable(self, docs) -> bool:
        raise NotImplementedError

    def _decode(self, docs, tables: list[tuple]):
        raise NotImplementedError

    def _table(self, docs) -> tuple:
        """The model's precomputed features of the docs' tokens, as `greedy_parse` gets them
        (row 0 is padding), with the layers that turn them into move scores."""
        tok2vec, lower, upper = self._component.model.layers
        return lower.predict(tok2vec.predict(docs)), lower, upper


class FastEntityRecognizer(FastDecoder):
    """spaCy's EntityRecognizer with the numpy decoder."""

    def __init__(self, ner) -> None:
        super().__init__(ner)
        self._moves: _Moves | None = None

    @property
    def _ner(self):
        return self._component

    def _decodable(self, docs) -> bool:
        """Whether the fast decoder gives spaCy's answer: some tokens, no entities set before,
        every class seen in training (spaCy masks unseen ones over a whole sub-batch)."""
        return (any(len(doc) for doc in docs) and not any(_has_entities(doc) for doc in docs)
                and not self._ner.model.attrs.get("unseen_classes"))

    def _decode(self, docs, tables: list[tuple]) -> "_Decoded":
        return decode(self._moves_of(), docs, tables)

    def _moves_of(self) -> _Moves:
        if self._moves is None or len(self._moves.move) != self._ner.moves.n_moves:
            self._moves = _Moves(self._ner)
        return self._moves

    def set_annotations(self, docs, states) -> None:
        if not isinstance(states, _Decoded):
            self._ner.set_annotations(docs, states)
            return
        from spacy.tokens import Span

        for doc, ents in zip(docs, states):
            # spaCy sets the entities over untouched tokens and marks the rest outside (O)
            doc.set_ents([Span(doc, start, end, label=label, kb_id=doc[start].ent_kb_id)
                          for start, end, label in ents], default="outside")
            for hook in self._ner.postprocesses:
                hook(doc)


def _has_entities(doc) -> bool:
    from spacy.attrs import ENT_IOB

    return bool(len(doc)) and bool(doc.to_array([ENT_IOB]).any())


def upper_scores(hidden, n_out: int, n_pieces: int, weights, out_bias, gemm):
    """The move scores from the hidden layer's sums: maxout over the pieces, as thinc picks
    them, then the upper layer's product (the same BLIS call as spaCy's) and its bias."""
    pieces = hidden.reshape(len(hidden), n_out, n_pieces)
    if n_pieces == 2:   # thinc's arg_max of two: the second unless the first is larger
        maxed = numpy.where(pieces[:, :, 0] > pieces[:, :, 1], pieces[:, :, 0], pieces[:, :, 1])
    elif n_pieces == 1:
        maxed = pieces[:, :, 0].copy()
    else:
        maxed = numpy.take_along_axis(pieces, pieces.argmax(axis=2)[:, :, None], axis=2)[:, :, 0]
    scores = gemm(numpy.ascontiguousarray(maxed), weights, trans2=True, beta=0.0)
    scores += out_bias
    return scores


def decode(moves: _Moves, docs, tables: list[tuple]) -> _Decoded:
    """The greedy BILUO parse of `docs` (none with entities set), as spaCy's
    `Parser.greedy_parse` makes it; `tables` are the model's precomputed features of the docs'
    tokens (`FastEntityRecognizer._table`), one per group of docs in order."""
    from blis.py import gemm
    from spacy.attrs import IS_SPACE, SENT_START

    first, lower, upper = tables[0]
    cached = first if len(tables) == 1 else numpy.concatenate([first] + [t[0][1:] for t in tables[1:]])
    n_rows, n_feats, n_out, n_pieces = cached.shape
    width = n_out * n_pieces
    table = cached.reshape(n_rows, n_feats, width)
    bias = lower.get_param("b").reshape(width)
    weights = upper.get_param("W")
    out_bias = upper.get_param("b")

    lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
    offsets = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
    arrays = [doc.to_array([SENT_START, IS_SPACE]).reshape(-1, 2) for doc in docs if len(doc)]
    flags = numpy.concatenate(arrays + [numpy.zeros((1, 2), dtype=arrays[0].dtype)])
    next_starts = numpy.concatenate((flags[1:, 0] == 1, [False]))   # B(1) begins a sentence
    space = flags[:, 1] != 0
    # one row per unfinished text: its doc, next token (into the batch), end, open entity
    live = numpy.flatnonzero(lengths)
    which = live
    pos = offsets[live].copy()
    end = (offsets + lengths)[live]
    is_open = numpy.zeros(len(live), dtype=bool)
    ent_start = numpy.zeros(len(live), dtype=numpy.int64)
    ent_label = numpy.zeros(len(live), dtype=numpy.uint64)
    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    pad_in_ent, pad_last = table[0, 1], table[0, 2]
    while len(pos):
        # hidden layer: the state's features summed onto zeros, in spaCy's order, then the bias
        hidden = numpy.zeros((len(pos), width), dtype=numpy.float32)
        hidden += table[pos + 1, 0]
        if is_open.any():
            hidden += table[numpy.where(is_open, ent_start + 1, 0), 1]
            hidden += table[numpy.where(is_open, pos, 0), 2]
        else:
            hidden += pad_in_ent
            hidden += pad_last
        hidden += bias
        scores = upper_scores(hidden, n_out, n_pieces, weights, out_bias, gemm)
        # which moves are valid for each state (BILUO with no preset entities)
        closed = ~is_open
        room = pos + 1 < end                                   # two or more tokens left
        no_break = room & ~next_starts[pos]
        on_space = space[pos]
        same_label = moves.label[None, :] == ent_label[:, None]
        valid = moves.is_out[None, :] & closed[:, None]
        valid |= moves.is_unit[None, :] & (closed & ~on_space)[:, None]
        valid |= moves.is_begin[None, :] & (closed & no_break & ~on_space)[:, None]
        valid |= moves.is_last[None, :] & same_label & is_open[:, None]
        valid |= moves.is_in[None, :] & same_label & (is_open & no_break)[:, None]
        best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)   # the first of equal scores
        stuck = ~valid[numpy.arange(len(pos)), best]   # no valid move: spaCy ends the text there
        move = moves.move[best]
        opens = (move == _BEGIN) | (move == _UNIT)
        closes = (move == _LAST) | (move == _UNIT)
        ent_start = numpy.where(opens, pos, ent_start)
        ent_label = numpy.where(opens, moves.label[best], ent_label)
        for i in numpy.flatnonzero(closes & ~stuck):
            d = which[i]
            found[d].append((int(ent_start[i] - offsets[d]), int(pos[i] + 1 - offsets[d]), int(ent_label[i])))
        is_open = (is_open | (move == _BEGIN)) & ~closes
        pos = pos + 1
        keep = (pos < end) & ~stuck
        if not keep.all():
            which, pos, end = which[keep], pos[keep], end[keep]
            is_open, ent_start, ent_label = is_open[keep], ent_start[keep], ent_label[keep]
    return _Decoded(found)
