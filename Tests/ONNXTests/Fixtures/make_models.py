"""Writes the ONNX fixtures of ONNXTests with Python's `onnx` helper API (run once; outputs committed).

    python3 -m pip install onnx onnxruntime numpy && python3 make_models.py

Each model is a small policy the way an exporter would write it, built node by node with
onnx.helper (not by aajr). For every model that aajr must accept, models.expected.json holds
one input and onnxruntime's output on it (float64 models run in float64), every number as
Python's float.hex() text, plus every initializer entry as float.hex(), so the Swift tests
check aajr's reader and its exact forward pass against an independent implementation
without needing Python. tanh.onnx (and the other refused_*.onnx) must be refused.
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(20261129)
F32, F64 = TensorProto.FLOAT, TensorProto.DOUBLE


def init(name, array, raw=True):
    """An initializer; raw=False stores it in the typed field (float_data, double_data, int32_data)."""
    t = numpy_helper.from_array(array, name)
    if not raw:
        # make_tensor stores FLOAT16 values as their bit patterns in int32_data.
        t = helper.make_tensor(name, helper.np_dtype_to_tensor_dtype(array.dtype), array.shape,
                               array.reshape(-1).tolist())
        assert not t.raw_data
    return t


def model(name, nodes, inits, d, m, elem=F32, opset=17):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", elem, ["N", d])],
        [helper.make_tensor_value_info("y", elem, ["N", m])],
        inits)
    mod = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_models.py")
    mod.ir_version = 8
    onnx.checker.check_model(mod, full_check=True)
    return mod


def normal(*shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


models = {}

# torch.onnx.export of nn.Sequential(Linear(3, 5), ReLU(), Linear(5, 2)): Gemm with transB = 1.
models["gemm_relu"] = model("gemm_relu", [
    helper.make_node("Gemm", ["x", "fc1.weight", "fc1.bias"], ["h1"], name="/fc1/Gemm", transB=1),
    helper.make_node("Relu", ["h1"], ["a1"], name="/act/Relu"),
    helper.make_node("Gemm", ["a1", "fc2.weight", "fc2.bias"], ["y"], name="/fc2/Gemm", transB=1),
], [init("fc1.weight", normal(5, 3)), init("fc1.bias", normal(5)),
    init("fc2.weight", normal(2, 5)), init("fc2.bias", normal(2))], 3, 2)

# MatMul + Add (the form of x @ W + b), alpha/beta Gemm, LeakyRelu, typed float_data.
models["matmul_add"] = model("matmul_add", [
    helper.make_node("MatMul", ["x", "W1"], ["p1"], name="matmul1"),
    helper.make_node("Add", ["p1", "b1"], ["h1"], name="add1"),
    helper.make_node("LeakyRelu", ["h1"], ["a1"], name="leaky", alpha=0.125),
    helper.make_node("Gemm", ["a1", "W2", "b2"], ["y"], name="gemm2", alpha=0.5, beta=2.0),
], [init("W1", normal(4, 6), raw=False), init("b1", normal(6), raw=False),
    init("W2", normal(6, 3)), init("b2", normal(3))], 4, 3)

# Linear -> BatchNorm1d (eval) -> ReLU -> Linear, float64, with a Flatten and a Reshape.
models["batchnorm"] = model("batchnorm", [
    helper.make_node("Flatten", ["x"], ["xf"], name="flatten", axis=1),
    helper.make_node("Gemm", ["xf", "l1.weight", "l1.bias"], ["h1"], name="l1", transB=1),
    helper.make_node("BatchNormalization", ["h1", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"],
                     ["n1"], name="bn", epsilon=1e-5),
    helper.make_node("Relu", ["n1"], ["a1"], name="relu"),
    helper.make_node("Reshape", ["a1", "shape"], ["r1"], name="reshape"),
    helper.make_node("Gemm", ["r1", "l2.weight", "l2.bias"], ["y"], name="l2", transB=1),
], [init("l1.weight", normal(4, 2, dtype=np.float64)), init("l1.bias", normal(4, dtype=np.float64)),
    init("bn.weight", normal(4, dtype=np.float64)), init("bn.bias", normal(4, dtype=np.float64)),
    init("bn.running_mean", normal(4, dtype=np.float64)),
    init("bn.running_var", (np.abs(normal(4)) + 0.5).astype(np.float64)),
    init("shape", np.array([-1, 4], dtype=np.int64)),
    init("l2.weight", normal(1, 4, dtype=np.float64)), init("l2.bias", normal(1, dtype=np.float64))], 2, 1, elem=F64)

# Hardtanh (Clip with constant inputs), Abs, Sub/Mul/Div by constants, Identity.
models["clip_abs_scalars"] = model("clip_abs_scalars", [
    helper.make_node("Sub", ["x", "mean"], ["c"], name="center"),
    helper.make_node("Div", ["c", "std"], ["s"], name="scale"),
    helper.make_node("Gemm", ["s", "W1", "b1"], ["h1"], name="gemm1", transB=1),
    helper.make_node("Clip", ["h1", "lo", "hi"], ["a1"], name="hardtanh"),
    helper.make_node("Identity", ["a1"], ["i1"], name="id"),
    helper.make_node("MatMul", ["i1", "W2"], ["h2"], name="matmul2"),
    helper.make_node("Mul", ["h2", "gain"], ["g2"], name="gain"),
    helper.make_node("Abs", ["g2"], ["y"], name="abs"),
], [init("mean", np.array([0.5, -0.25], dtype=np.float32)), init("std", np.array([2.0, 0.5], dtype=np.float32)),
    init("W1", normal(3, 2)), init("b1", normal(3)),
    init("lo", np.array(-1, dtype=np.float32)), init("hi", np.array(1, dtype=np.float32)),
    init("W2", normal(3, 2)), init("gain", np.array(1.5, dtype=np.float32))], 2, 2)

# float16 weights, in raw_data and in the typed field (int32_data holding the bit patterns).
models["float16"] = model("float16", [
    helper.make_node("Gemm", ["x", "W1", "b1"], ["h1"], name="gemm1", transB=1),
    helper.make_node("Relu", ["h1"], ["y"], name="relu"),
], [init("W1", normal(3, 2).astype(np.float16), raw=False), init("b1", normal(3).astype(np.float16))],
    2, 3, elem=TensorProto.FLOAT16)

# Refused: a Tanh policy (torch nn.Tanh), a Sigmoid output, a ReLU6 (Clip to [0, 6]).
models["tanh"] = model("tanh", [
    helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="/0/Gemm", transB=1),
    helper.make_node("Tanh", ["h"], ["y"], name="/1/Tanh"),
], [init("W", normal(2, 2)), init("b", normal(2))], 2, 2)
models["refused_relu6"] = model("refused_relu6", [
    helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=1),
    helper.make_node("Clip", ["h", "lo", "hi"], ["y"], name="relu6"),
], [init("W", normal(2, 2)), init("b", normal(2)), init("lo", np.array(0, dtype=np.float32)),
    init("hi", np.array(6, dtype=np.float32))], 2, 2)

# Weights in an external data file (as torch.onnx.export writes them), from their own generator.
ext_rng = np.random.default_rng(7)
models["external"] = model("external", [
    helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=1),
    helper.make_node("Relu", ["h"], ["y"], name="relu"),
], [init("W", ext_rng.standard_normal((3, 2)).astype(np.float32)),
    init("b", ext_rng.standard_normal(3).astype(np.float32))], 2, 3)

# A weight stored [out, in] and transposed by a Transpose node before a MatMul.
models["transpose"] = model("transpose", [
    helper.make_node("Transpose", ["Wt"], ["W"], name="transpose", perm=[1, 0]),
    helper.make_node("MatMul", ["x", "W"], ["h"], name="matmul"),
    helper.make_node("Add", ["h", "b"], ["y"], name="add"),
], [init("Wt", ext_rng.standard_normal((3, 2)).astype(np.float32)),
    init("b", ext_rng.standard_normal(3).astype(np.float32))], 2, 3)

expected = {}
for name, mod in models.items():
    if name == "external":
        if os.path.exists("external.onnx.data"):
            os.remove("external.onnx.data")  # onnx.save refuses to overwrite it
        onnx.save(mod, "external.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                  location="external.onnx.data", size_threshold=0)
        mod = onnx.load("external.onnx")  # with its data, for onnxruntime and the expected values
    else:
        onnx.save(mod, f"{name}.onnx")
    if name == "tanh" or name.startswith("refused"):
        continue
    elem = mod.graph.input[0].type.tensor_type.elem_type
    d = mod.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    dtype = {F64: np.float64, F32: np.float32, TensorProto.FLOAT16: np.float16}[elem]
    x = (rng.integers(-64, 65, size=(3, d)) / 64).astype(dtype)  # dyadic, exact in either type
    sess = ort.InferenceSession(mod.SerializeToString(), providers=["CPUExecutionProvider"])
    y = sess.run(None, {"x": x})[0]
    expected[name] = {
        "element_type": TensorProto.DataType.Name(elem),
        "inputs": [[float(v).hex() for v in row] for row in x],
        "outputs": [[float(v).hex() for v in row] for row in y],
        "initializers": {t.name: [float(v).hex() for v in numpy_helper.to_array(t).reshape(-1)]
                         for t in mod.graph.initializer},
    }
with open("models.expected.json", "w") as f:
    json.dump({"onnx": onnx.__version__, "onnxruntime": ort.__version__, "models": expected}, f, indent=1, sort_keys=True)
    f.write("\n")
