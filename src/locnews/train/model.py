"""The Transformer in torch (OpenNMT-py names, so CTranslate2's spec maps one to one) and its growth."""

from __future__ import annotations

import math

from locnews.train.config import (
    PAD,
    TrainConfig,
)


def build_model(cfg: TrainConfig, vocab: int):
    import torch
    import torch.nn.functional as F
    from torch import nn

    def sinusoids(n: int, d: int):
        pos = torch.arange(n, dtype=torch.float32).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * -(math.log(10000.0) / d))
        pe = torch.zeros(n, d)
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        return pe

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            d = cfg.d_model
            self.linear_query = nn.Linear(d, d)
            self.linear_keys = nn.Linear(d, d)
            self.linear_values = nn.Linear(d, d)
            self.final_linear = nn.Linear(d, d)

        def forward(self, q, kv, mask, causal=False):
            b, lq, d = q.shape
            h = cfg.heads

            def split(x):
                return x.view(b, -1, h, d // h).transpose(1, 2)

            qq, kk, vv = split(self.linear_query(q)), split(self.linear_keys(kv)), split(self.linear_values(kv))
            attn_mask = mask  # bool, True = attend; broadcast (b,1,lq|1,lk)
            if causal:
                lk = kv.shape[1]
                tri = torch.ones(lq, lk, dtype=torch.bool, device=q.device).tril()
                attn_mask = tri if mask is None else (mask & tri)
            out = F.scaled_dot_product_attention(
                qq, kk, vv, attn_mask=attn_mask, dropout_p=cfg.dropout if self.training else 0.0
            )
            return self.final_linear(out.transpose(1, 2).reshape(b, lq, d))

    class FFN(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.w_1 = nn.Linear(cfg.d_model, cfg.ffn)
            self.w_2 = nn.Linear(cfg.ffn, cfg.d_model)
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x):
            return x + self.drop(self.w_2(self.drop(F.relu(self.w_1(self.layer_norm(x))))))

    class EncLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.self_attn = Attention()
            self.feed_forward = FFN()
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x, mask):
            y = self.layer_norm(x)
            x = x + self.drop(self.self_attn(y, y, mask))
            return self.feed_forward(x)

    class DecLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm_1 = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.self_attn = Attention()
            self.layer_norm_2 = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.context_attn = Attention()
            self.feed_forward = FFN()
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x, src_mask):
            y = self.layer_norm_1(x)
            x = x + self.drop(self.self_attn(y, y, None, causal=True))
            y = self.layer_norm_2(x)
            x = x + self.drop(self.context_attn(y, self._memory, src_mask))
            return self.feed_forward(x)

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.embeddings = nn.Embedding(vocab, cfg.d_model, padding_idx=PAD)
            nn.init.normal_(self.embeddings.weight, 0, cfg.d_model**-0.5)
            self.register_buffer("pe", sinusoids(1024, cfg.d_model), persistent=False)
            self.encoder_layers = nn.ModuleList([EncLayer() for _ in range(cfg.enc_layers)])
            self.decoder_layers = nn.ModuleList([DecLayer() for _ in range(cfg.dec_layers)])
            self.encoder_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.decoder_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.generator_bias = nn.Parameter(torch.zeros(vocab))
            self.drop = nn.Dropout(cfg.dropout)
            for name, p in self.named_parameters():
                if p.dim() == 2 and "embeddings" not in name:
                    nn.init.xavier_uniform_(p)

        def embed(self, ids):
            x = self.embeddings(ids) * math.sqrt(cfg.d_model) + self.pe[: ids.shape[1]]
            return self.drop(x)

        def forward(self, src, tgt_in):
            src_mask = (src != PAD)[:, None, None, :]
            x = self.embed(src)
            for layer in self.encoder_layers:
                x = layer(x, src_mask)
            memory = self.encoder_norm(x)
            y = self.embed(tgt_in)
            for layer in self.decoder_layers:
                layer._memory = memory
                y = layer(y, src_mask)
            y = self.decoder_norm(y)
            return F.linear(y, self.embeddings.weight, self.generator_bias)

    return Seq2Seq()



def grow_state_dict(old: dict, new: dict) -> dict:
    """Initialise a larger model from a trained smaller one so that it computes the same function.

    Tensors of the same name and shape are copied; a wider FFN keeps the old units and gets new ones
    whose output weights are zero; an encoder layer the old model lacks gets zero output projections
    (attention and FFN), which makes it an identity in a pre-norm residual stack. Training then starts
    from the old model's quality with the new capacity free to learn.
    """
    out = {}
    for k, v in new.items():
        o = old.get(k)
        if o is not None and o.shape == v.shape:
            out[k] = o.float().clone()
        elif o is not None and v.dim() == o.dim():  # wider FFN: old slice kept, new units start silent
            w = v.clone()
            if k.endswith("w_2.weight"):
                w.zero_()
            w[tuple(slice(0, n) for n in o.shape)] = o.float()
            out[k] = w
        elif k.startswith("encoder_layers.") and (k.endswith("final_linear.weight") or k.endswith("final_linear.bias")
                                                   or k.endswith("w_2.weight") or k.endswith("w_2.bias")):
            out[k] = v.clone().zero_()
        else:
            out[k] = v.clone()
    return out
