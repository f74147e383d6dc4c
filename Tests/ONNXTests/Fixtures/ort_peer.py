"""Runs an ONNX model exported by `aajr export` in onnxruntime and prints, per input row,
the output and the gradient of the squared error  1/2 * ||pi(x) - y||^2  with respect to x.

    python3 ort_peer.py MODEL.onnx REQUEST.json

REQUEST.json: {"inputs": [[hex, ...], ...], "targets": [[hex, ...], ...]} (float.hex() text).
Prints {"outputs": [[hex]], "gradients": [[hex]], "onnxruntime": version}.

The gradient is computed by onnxruntime itself: the script appends to the exported chain
(Gemm with transB = 1, then Relu / PRelu / Clip(-1, 1) / Abs or nothing) the backward pass as
ONNX nodes (Sub, Greater/Less/And/Cast/Where/Sign for the activation derivatives with
relu'(0) = 0, leaky'(0) = slope, hardtanh'(+-1) = 0, abs'(0) = 0, Mul, MatMul by W), so every
float operation runs in onnxruntime's kernels in the model's element type.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

model = onnx.load(sys.argv[1])
request = json.load(open(sys.argv[2]))
g = model.graph
elem = g.input[0].type.tensor_type.elem_type
dtype = np.float64 if elem == onnx.TensorProto.DOUBLE else np.float32

# The chain: per layer (weight name, pre-activation name, activation node or None).
layers = []
for node in g.node:
    if node.op_type == "Gemm":
        layers.append([node.input[1], node.output[0], None])
    else:
        layers[-1][2] = node

g.input.append(helper.make_tensor_value_info("target", elem, ["batch", g.output[0].type.tensor_type.shape.dim[1].dim_value]))
g.initializer.extend([numpy_helper.from_array(np.array(v, dtype=dtype), n) for n, v in
                      [("peer.zero", 0), ("peer.one", 1), ("peer.minus_one", -1)]])
nodes = [helper.make_node("Sub", ["output", "target"], ["peer.g.out"])]
current = "peer.g.out"
for k in reversed(range(len(layers))):
    weight, z, act = layers[k]
    p = f"peer.l{k}"
    if act is not None:
        if act.op_type == "Relu":
            nodes += [helper.make_node("Greater", [z, "peer.zero"], [p + ".pos"]),
                      helper.make_node("Cast", [p + ".pos"], [p + ".mask"], to=elem)]
        elif act.op_type == "PRelu":
            nodes += [helper.make_node("Greater", [z, "peer.zero"], [p + ".pos"]),
                      helper.make_node("Where", [p + ".pos", "peer.one", act.input[1]], [p + ".mask"])]
        elif act.op_type == "Clip":
            nodes += [helper.make_node("Greater", [z, "peer.minus_one"], [p + ".above"]),
                      helper.make_node("Less", [z, "peer.one"], [p + ".below"]),
                      helper.make_node("And", [p + ".above", p + ".below"], [p + ".inside"]),
                      helper.make_node("Cast", [p + ".inside"], [p + ".mask"], to=elem)]
        elif act.op_type == "Abs":
            nodes.append(helper.make_node("Sign", [z], [p + ".mask"]))
        else:
            raise SystemExit(f"unexpected activation {act.op_type}")
        nodes.append(helper.make_node("Mul", [current, p + ".mask"], [p + ".gz"]))
        current = p + ".gz"
    nodes.append(helper.make_node("MatMul", [current, weight], [p + ".gx"]))
    current = p + ".gx"
g.node.extend(nodes)
g.output.append(helper.make_tensor_value_info(current, elem, ["batch", g.input[0].type.tensor_type.shape.dim[1].dim_value]))

def rows(key):
    return np.array([[float.fromhex(v) for v in row] for row in request[key]], dtype=dtype)

session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
out, grad = session.run(["output", current], {"input": rows("inputs"), "target": rows("targets")})
json.dump({"outputs": [[float(v).hex() for v in r] for r in out],
           "gradients": [[float(v).hex() for v in r] for r in grad],
           "onnxruntime": ort.__version__}, sys.stdout)
