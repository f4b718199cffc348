#!/usr/bin/python3
"""Static checks of deploy/ and docs/schema.md that need no container engine, cluster or broker.

  * deploy/docker-compose.yml against a JSON schema of the subset of the Compose spec it uses,
    plus cross references: depends_on targets, mounted files, named volumes, port mappings,
    container ports against deploy/config/*.yaml, Prometheus scrape targets, a fixed hostname
    per transactional enricher.
  * deploy/k8s/*.yaml against small JSON schemas per kind, plus selectors and labels between
    Deployments, the StatefulSet and its headless Service, Services, PodDisruptionBudgets and the
    HorizontalPodAutoscaler, container ports against the configs, the ConfigMap against
    deploy/config/*.yaml, stable pod names for transactional enrichers.
  * deploy/grafana/: provisioning files and the dashboard, whose PromQL may only name metrics
    the services export (parsed from services/*/*_stats.cc and libs/common/src/metrics_server.cc).
  * deploy/Dockerfile: COPY sources exist, the build stage runs scripts/bootstrap.sh, the built
    binaries are CMake targets, every runtime package exists (`apt-cache show`) and, with
    --build-dir, every shared library the binaries load comes from those packages.
  * docs/schema.md documents every message, field (name, number, type) and enum of proto/.

Needs python3-yaml and python3-jsonschema (scripts/bootstrap.sh installs them).
Run: scripts/check_deploy.sh, or ctest -R deploy_check.
"""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import unittest

import jsonschema
import yaml

ARGS = None


def src(*parts):
    return os.path.join(ARGS.source_dir, *parts)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_yaml_all(path):
    with open(path, encoding="utf-8") as f:
        return [doc for doc in yaml.safe_load_all(f) if doc is not None]


def validate(instance, schema, what):
    """Raises AssertionError naming `what` and every schema violation."""
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{what}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                 for e in errors]
        raise AssertionError("\n".join(lines))


def port_of(listen):
    """Port of a host:port listen address."""
    return int(str(listen).rsplit(":", 1)[1])


def config_ports(config):
    """{'grpc': port, 'metrics': port} from a service config (ingest has both)."""
    ports = {"metrics": port_of(config["metrics"]["listen"])}
    if "listen" in config:
        ports["grpc"] = port_of(config["listen"])
    return ports


# The enricher's librdkafka default, services/enricher/enricher_config.h.
ENRICHER_DELIVERY_TIMEOUT_MS = 30000


def environment_of(entries):
    """{name: value} of a Compose `environment` (map or list) or a Kubernetes `env` list."""
    if isinstance(entries, dict):
        return {k: "" if v is None else str(v) for k, v in entries.items()}
    result = {}
    for entry in entries or []:
        if isinstance(entry, dict):
            result[entry["name"]] = str(entry.get("value", ""))
        else:
            name, _, value = entry.partition("=")
            result[name] = value
    return result


def transactional_identity_problems(config, env):
    """Why enricher replicas run with `config` and environment `env` would not each get their own
    transactional.id from their host name: [] when they do, or when delivery is not exactly_once.
    Ids are <kafka.group_id>-$HOSTNAME (services/enricher/enricher_config.cc)."""
    mode = env.get("NEWSFLOW_DELIVERY_MODE") or (config.get("delivery") or {}).get("mode")
    if mode != "exactly_once":
        return []
    problems = []
    if env.get("NEWSFLOW_KAFKA_TRANSACTIONAL_ID") or (config.get("kafka") or {}).get(
            "transactional_id"):
        problems.append("a fixed kafka.transactional_id is shared by every replica, which then "
                        "fence each other")
    if "HOSTNAME" in env:
        problems.append("HOSTNAME is set in the environment: the transactional.id derives from it")
    return problems


def transaction_timeout_problems(config):
    """librdkafka refuses a transactional producer whose transaction.timeout.ms is below its
    message.timeout.ms (the enricher's kafka.delivery_timeout_ms); the enricher would not start."""
    kafka = config.get("kafka") or {}
    timeout = (kafka.get("properties") or {}).get("transaction.timeout.ms")
    if timeout is None:
        return []
    if not re.fullmatch(r"[0-9]+", str(timeout)):
        return [f"transaction.timeout.ms {timeout!r} is not a number of milliseconds"]
    delivery = int(kafka.get("delivery_timeout_ms", ENRICHER_DELIVERY_TIMEOUT_MS))
    if int(timeout) < delivery:
        return [f"transaction.timeout.ms {timeout} is below kafka.delivery_timeout_ms {delivery}"]
    return []


# --------------------------------------------------------------------------------------------
# Metrics the services export.

def exported_metrics():
    """{name: type} of every metric registered in the services' stats and the metrics server."""
    files = [src("libs", "common", "src", "metrics_server.cc")]
    for service in sorted(os.listdir(src("services"))):
        folder = src("services", service)
        if os.path.isdir(folder):
            files += [os.path.join(folder, f) for f in sorted(os.listdir(folder))
                      if f.endswith("_stats.cc")]
    metrics, labels = {}, {"job", "instance", "le", "quantile"}
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for kind, name in re.findall(r'Build(Counter|Gauge|Histogram|Summary)\(\)\s*\.Name\("([^"]+)"\)',
                                     text):
            metrics[name] = kind.lower()
        labels.update(re.findall(r'\{"([a-z_][a-z0-9_]*)",', text))
    return metrics, labels


def series_names(metrics):
    """Every series name Prometheus stores for `metrics` (histograms add _bucket/_sum/_count)."""
    names = set()
    for name, kind in metrics.items():
        names.add(name)
        if kind in ("histogram", "summary"):
            names.update({name + "_sum", name + "_count"})
        if kind == "histogram":
            names.add(name + "_bucket")
    return names


PROMQL_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
                   "and", "or", "unless"}


def promql_problems(expr, series, labels):
    """Metric names and label names in `expr` that the services do not export."""
    problems = []
    for name in re.findall(r"\bnewsflow_[a-z0-9_]+", expr):
        if name not in series:
            problems.append(f"metric {name} is not exported")
    stripped = re.sub(r'"[^"]*"', '""', expr)  # label values may contain anything
    used = set()
    for group in re.findall(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)", stripped):
        used.update(l.strip() for l in group.split(",") if l.strip())
    for matchers in re.findall(r"\{([^}]*)\}", stripped):
        used.update(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", matchers))
    for label in sorted(used - labels - PROMQL_KEYWORDS):
        problems.append(f"label {label} is not exported")
    return problems


# --------------------------------------------------------------------------------------------
# Compose.

STRING_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
COMPOSE_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["services"],
    "additionalProperties": False,
    "patternProperties": {"^x-": {}},
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "services": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"$ref": "#/definitions/service"},
        },
        "volumes": {
            "type": "object",
            "additionalProperties": {"oneOf": [{"type": "null"}, {"type": "object"}]},
        },
    },
    "definitions": {
        "service": {
            "type": "object",
            "additionalProperties": False,
            "anyOf": [{"required": ["image"]}, {"required": ["build"]}],
            "properties": {
                "image": {"type": "string", "minLength": 1},
                "build": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "object", "required": ["context"], "additionalProperties": False,
                         "properties": {"context": {"type": "string"},
                                        "dockerfile": {"type": "string"},
                                        "target": {"type": "string"}}},
                    ]
                },
                "command": STRING_OR_LIST,
                "entrypoint": STRING_OR_LIST,
                "hostname": {"type": "string"},
                "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                "environment": {
                    "oneOf": [
                        {"type": "object",
                         "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
                        {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*(=.*)?$"}},
                    ]
                },
                "ports": {"type": "array", "items": {"type": "string"}},
                "volumes": {"type": "array", "items": {"type": "string"}},
                "depends_on": {
                    "oneOf": [
                        {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                        {"type": "object", "additionalProperties": {
                            "type": "object", "required": ["condition"], "additionalProperties": False,
                            "properties": {"condition": {"enum": [
                                "service_started", "service_healthy",
                                "service_completed_successfully"]},
                                "restart": {"type": "boolean"}, "required": {"type": "boolean"}}}},
                    ]
                },
                "healthcheck": {
                    "type": "object",
                    "required": ["test"],
                    "additionalProperties": False,
                    "properties": {
                        "test": {"oneOf": [
                            {"type": "string"},
                            {"type": "array", "minItems": 2, "items": {"type": "string"},
                             "prefixItems": [{"enum": ["CMD", "CMD-SHELL", "NONE"]}]}]},
                        "interval": {"$ref": "#/definitions/duration"},
                        "timeout": {"$ref": "#/definitions/duration"},
                        "start_period": {"$ref": "#/definitions/duration"},
                        "retries": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
        "duration": {"type": "string", "pattern": "^([0-9]+(us|ms|s|m|h))+$"},
    },
}

PORT_RE = re.compile(r"^(?:(?P<ip>[0-9.]+):)?(?:(?P<host>[0-9]+):)?(?P<container>[0-9]+)(?:/(?P<proto>tcp|udp))?$")


def parse_port(mapping):
    """(host port or None, container port) of a short-syntax port mapping; ValueError if bad."""
    match = PORT_RE.match(mapping)
    if not match:
        raise ValueError(f"port mapping {mapping!r} does not parse")
    host = int(match["host"]) if match["host"] else None
    container = int(match["container"])
    for port in (host, container):
        if port is not None and not 1 <= port <= 65535:
            raise ValueError(f"port mapping {mapping!r}: {port} out of range")
    return host, container


def compose_enricher_identity_problems(services, config_of):
    """Why the Compose enrichers would not keep their transactional.id across a container being
    recreated: each transactional one needs its own fixed `hostname` (Compose's default is the
    container id). `config_of(service)` is the parsed config that service mounts."""
    problems, hostnames = [], {}
    for name, service in services.items():
        command = service.get("command") or []
        if not (isinstance(command, list) and command and command[0] == "newsflow-enricher"):
            continue
        env = environment_of(service.get("environment"))
        found = transactional_identity_problems(config_of(service), env)
        problems += [f"{name}: {p}" for p in found]
        mode = env.get("NEWSFLOW_DELIVERY_MODE") or (config_of(service).get("delivery") or {}).get(
            "mode")
        if mode != "exactly_once":
            continue
        hostname = service.get("hostname")
        if not hostname:
            problems.append(f"{name}: no hostname, so its transactional.id changes whenever the "
                            "container is recreated")
        elif hostname in hostnames:
            problems.append(f"{name}: hostname {hostname} also used by {hostnames[hostname]}; "
                            "the two would fence each other")
        else:
            hostnames[hostname] = name
    return problems


class ComposeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = src("deploy", "docker-compose.yml")
        cls.compose = load_yaml(cls.path)
        cls.services = cls.compose.get("services", {})

    def test_matches_schema(self):
        validate(self.compose, COMPOSE_SCHEMA, "deploy/docker-compose.yml")

    def test_depends_on_targets_exist(self):
        for name, service in self.services.items():
            for target in service.get("depends_on", []):
                self.assertIn(target, set(self.services), f"{name}.depends_on: no service {target}")
                self.assertNotEqual(target, name, f"{name} depends on itself")

    def test_mounted_files_exist_and_named_volumes_are_declared(self):
        declared = set((self.compose.get("volumes") or {}).keys())
        for name, service in self.services.items():
            for volume in service.get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith((".", "/")):
                    self.assertFalse(source.startswith("/"), f"{name}: absolute mount {source}")
                    path = os.path.normpath(os.path.join(src("deploy"), source))
                    self.assertTrue(os.path.exists(path), f"{name}: mounted {source} does not exist")
                else:
                    self.assertIn(source, declared, f"{name}: volume {source} is not declared")

    def test_build_context_and_dockerfile_exist(self):
        for name, service in self.services.items():
            build = service.get("build")
            if build is None:
                continue
            context = build if isinstance(build, str) else build["context"]
            context_path = os.path.normpath(os.path.join(src("deploy"), context))
            self.assertTrue(os.path.isdir(context_path), f"{name}: build context {context}")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            self.assertTrue(os.path.isfile(os.path.join(context_path, dockerfile)),
                            f"{name}: {dockerfile} not found in the build context")

    def test_ports_parse_and_host_ports_are_unique(self):
        seen = {}
        for name, service in self.services.items():
            for mapping in service.get("ports", []):
                host, _ = parse_port(mapping)
                if host is not None:
                    self.assertNotIn(host, seen, f"host port {host} of {name} also used by {seen.get(host)}")
                    seen[host] = name

    def test_newsflow_ports_match_their_configs(self):
        configs = {"newsflow-ingest": load_yaml(src("deploy", "config", "ingest.yaml")),
                   "newsflow-enricher": load_yaml(src("deploy", "config", "enricher.yaml"))}
        checked = 0
        for name, service in self.services.items():
            command = service.get("command") or []
            binary = command[0] if isinstance(command, list) and command else ""
            if binary not in configs:
                continue
            checked += 1
            expected = set(config_ports(configs[binary]).values())
            published = {parse_port(m)[1] for m in service.get("ports", [])}
            self.assertTrue(published <= expected,
                            f"{name} publishes container ports {published}, config has {expected}")
            config_file = command[command.index("--config") + 1]
            mounts = {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}
            self.assertIn(config_file, mounts, f"{name}: --config {config_file} is not mounted")
            probe = " ".join(service.get("healthcheck", {}).get("test", []))
            if probe:
                self.assertIn(f":{config_ports(configs[binary])['metrics']}/readyz", probe,
                              f"{name}: healthcheck does not probe /readyz on the metrics port")
        self.assertGreaterEqual(checked, 3, "expected ingest and two enrichers in the compose file")

    def mounted_config(self, service):
        command = service["command"]
        config_file = command[command.index("--config") + 1]
        mounts = {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}
        return load_yaml(os.path.normpath(os.path.join(src("deploy"), mounts[config_file])))

    def test_transactional_enrichers_have_fixed_unique_hostnames(self):
        enrichers = [n for n, s in self.services.items()
                     if (s.get("command") or [""])[0] == "newsflow-enricher"]
        self.assertEqual(len(enrichers), 2)
        self.assertEqual(
            self.mounted_config(self.services[enrichers[0]])["delivery"]["mode"], "exactly_once")
        self.assertEqual(compose_enricher_identity_problems(self.services, self.mounted_config), [])
        # The check itself: each way of losing a stable, unique id is caught.
        first, second = enrichers
        broken = copy.deepcopy(self.services)
        del broken[first]["hostname"]
        self.assertRegex(" ".join(compose_enricher_identity_problems(broken, self.mounted_config)),
                         f"{first}: no hostname")
        broken = copy.deepcopy(self.services)
        broken[second]["hostname"] = broken[first]["hostname"]
        self.assertRegex(" ".join(compose_enricher_identity_problems(broken, self.mounted_config)),
                         f"{second}: hostname .* also used by {first}")
        broken = copy.deepcopy(self.services)
        broken[second]["environment"] = {"NEWSFLOW_KAFKA_TRANSACTIONAL_ID": "enricher"}
        self.assertRegex(" ".join(compose_enricher_identity_problems(broken, self.mounted_config)),
                         f"{second}: a fixed kafka.transactional_id")
        broken = copy.deepcopy(self.services)
        for name in enrichers:
            del broken[name]["hostname"]
            broken[name]["environment"] = {"NEWSFLOW_DELIVERY_MODE": "at_least_once"}
        self.assertEqual(compose_enricher_identity_problems(broken, self.mounted_config), [],
                         "at_least_once needs no stable id")

    def test_enricher_transaction_timeout_is_accepted_by_librdkafka(self):
        config = load_yaml(src("deploy", "config", "enricher.yaml"))
        self.assertEqual(transaction_timeout_problems(config), [])
        broken = copy.deepcopy(config)
        broken["kafka"].setdefault("properties", {})["transaction.timeout.ms"] = "20000"
        self.assertEqual(transaction_timeout_problems(broken),
                         ["transaction.timeout.ms 20000 is below kafka.delivery_timeout_ms 30000"])

    def test_prometheus_scrapes_existing_services(self):
        prometheus = load_yaml(src("deploy", "prometheus", "prometheus.yml"))
        for job in prometheus["scrape_configs"]:
            for static in job.get("static_configs", []):
                for target in static["targets"]:
                    host, port = target.rsplit(":", 1)
                    self.assertIn(host, set(self.services), f"scrape target {target}: no such service")
                    metrics = load_yaml(src("deploy", "config",
                                            "ingest.yaml" if "ingest" in host else "enricher.yaml"))
                    self.assertEqual(int(port), config_ports(metrics)["metrics"], target)

    def test_grafana_service_mounts_provisioning_and_dashboards(self):
        grafana = self.services.get("grafana")
        self.assertIsNotNone(grafana, "no grafana service")
        self.assertTrue(grafana["image"].startswith("grafana/grafana-oss"), grafana["image"])
        self.assertIn(3000, {parse_port(m)[1] for m in grafana.get("ports", [])})
        targets = {v.split(":")[1] for v in grafana["volumes"]}
        provider = load_yaml(src("deploy", "grafana", "provisioning", "dashboards", "newsflow.yaml"))
        self.assertIn(provider["providers"][0]["options"]["path"], targets)
        self.assertTrue(any(t.startswith("/etc/grafana/provisioning/datasources") for t in targets))
        datasources = load_yaml(src("deploy", "grafana", "provisioning", "datasources",
                                    "prometheus.yaml"))
        url = datasources["datasources"][0]["url"]
        host = re.match(r"https?://([^:/]+)", url).group(1)
        self.assertIn(host, set(self.services), f"datasource {url}: no such service")


# --------------------------------------------------------------------------------------------
# Kubernetes.

LABELS = {"type": "object", "minProperties": 1,
          "additionalProperties": {"type": "string", "maxLength": 63,
                                   "pattern": "^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$"}}
METADATA = {"type": "object", "required": ["name"],
            "properties": {"name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
                                    "maxLength": 63},
                           "labels": LABELS, "annotations": {"type": "object"}}}
SELECTOR = {"type": "object", "required": ["matchLabels"], "properties": {"matchLabels": LABELS}}
PROBE = {"type": "object", "required": ["httpGet"],
         "properties": {"httpGet": {"type": "object", "required": ["path", "port"],
                                    "properties": {"path": {"type": "string", "pattern": "^/"},
                                                   "port": {"type": ["string", "integer"]}}}}}
CONTAINER = {
    "type": "object",
    "required": ["name", "image", "ports", "readinessProbe", "livenessProbe", "resources",
                 "securityContext"],
    "properties": {
        "name": {"type": "string"},
        "image": {"type": "string"},
        "command": {"type": "array", "items": {"type": "string"}},
        "ports": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["name", "containerPort"],
            "properties": {"name": {"type": "string", "maxLength": 15},
                           "containerPort": {"type": "integer", "minimum": 1, "maximum": 65535},
                           "protocol": {"enum": ["TCP", "UDP"]}}}},
        "readinessProbe": PROBE,
        "livenessProbe": PROBE,
        "resources": {"type": "object", "required": ["requests", "limits"],
                      "properties": {"requests": {"type": "object", "required": ["cpu", "memory"]},
                                     "limits": {"type": "object", "required": ["memory"]}}},
        "securityContext": {
            "type": "object", "required": ["readOnlyRootFilesystem", "allowPrivilegeEscalation"],
            "properties": {"readOnlyRootFilesystem": {"const": True},
                           "allowPrivilegeEscalation": {"const": False}}},
    },
}
POD_TEMPLATE = {
    "type": "object", "required": ["metadata", "spec"], "properties": {
        "metadata": {"type": "object", "required": ["labels"], "properties": {"labels": LABELS}},
        "spec": {"type": "object", "required": ["containers", "securityContext"], "properties": {
            "securityContext": {
                "type": "object", "required": ["runAsNonRoot", "runAsUser"],
                "properties": {"runAsNonRoot": {"const": True},
                               "runAsUser": {"type": "integer", "minimum": 1}}},
            "containers": {"type": "array", "minItems": 1, "items": CONTAINER}}}}}
K8S_SCHEMAS = {
    ("apps/v1", "Deployment"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {"metadata": METADATA, "spec": {
            "type": "object", "required": ["replicas", "selector", "template"],
            "properties": {
                "replicas": {"type": "integer", "minimum": 1},
                "selector": SELECTOR,
                "template": POD_TEMPLATE}}},
    },
    ("apps/v1", "StatefulSet"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {"metadata": METADATA, "spec": {
            "type": "object", "required": ["serviceName", "replicas", "selector", "template"],
            "properties": {
                "serviceName": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
                "podManagementPolicy": {"enum": ["OrderedReady", "Parallel"]},
                "updateStrategy": {"type": "object", "properties": {
                    "type": {"enum": ["RollingUpdate", "OnDelete"]}}},
                "replicas": {"type": "integer", "minimum": 1},
                "selector": SELECTOR,
                "template": POD_TEMPLATE,
                "volumeClaimTemplates": {"type": "array"}}}},
    },
    ("v1", "Service"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {"metadata": METADATA, "spec": {
            "type": "object", "required": ["selector", "ports"],
            "properties": {"clusterIP": {"type": "string"}, "selector": LABELS,
                           "ports": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["name", "port", "targetPort"],
                "properties": {"port": {"type": "integer", "minimum": 1, "maximum": 65535},
                               "targetPort": {"type": ["string", "integer"]}}}}}}},
    },
    ("v1", "ConfigMap"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "data"],
        "properties": {"metadata": METADATA,
                       "data": {"type": "object", "additionalProperties": {"type": "string"}}},
    },
    ("policy/v1", "PodDisruptionBudget"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {"metadata": METADATA, "spec": {
            "type": "object", "required": ["selector"],
            "oneOf": [{"required": ["minAvailable"]}, {"required": ["maxUnavailable"]}],
            "properties": {"selector": SELECTOR}}},
    },
    ("autoscaling/v2", "HorizontalPodAutoscaler"): {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {"metadata": METADATA, "spec": {
            "type": "object", "required": ["scaleTargetRef", "minReplicas", "maxReplicas", "metrics"],
            "properties": {
                "scaleTargetRef": {"type": "object", "required": ["apiVersion", "kind", "name"],
                                   "properties": {"apiVersion": {"const": "apps/v1"},
                                                  "kind": {"enum": ["Deployment", "StatefulSet"]}}},
                "minReplicas": {"type": "integer", "minimum": 1},
                "maxReplicas": {"type": "integer", "minimum": 1},
                "metrics": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type"],
                    "properties": {"type": {"enum": ["External", "Pods"]}},
                    "oneOf": [
                        {"properties": {"type": {"const": "External"}}, "required": ["external"]},
                        {"properties": {"type": {"const": "Pods"}}, "required": ["pods"]}]}}}}},
    },
}
KUSTOMIZATION_SCHEMA = {
    "type": "object", "required": ["apiVersion", "kind", "resources"],
    "properties": {"apiVersion": {"const": "kustomize.config.k8s.io/v1beta1"},
                   "kind": {"const": "Kustomization"},
                   "resources": {"type": "array", "minItems": 1, "items": {"type": "string"}}},
}


WORKLOAD_KINDS = ("Deployment", "StatefulSet")


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


def pod_labels(workload):
    return workload["spec"]["template"]["metadata"]["labels"]


def statefulset_problems(objects):
    """Why a StatefulSet in `objects` (parsed manifests) would not get its pods' identities: its
    serviceName must name a headless Service among them whose selector picks the StatefulSet's
    pods, and its own selector must match its pod labels."""
    problems = []
    services = {d["metadata"]["name"]: d for d in objects if d.get("kind") == "Service"}
    for workload in [d for d in objects if d.get("kind") == "StatefulSet"]:
        name, spec = workload["metadata"]["name"], workload["spec"]
        if not selects(spec["selector"]["matchLabels"], pod_labels(workload)):
            problems.append(f"StatefulSet/{name}: selector does not match its pod labels")
        service = services.get(spec.get("serviceName"))
        if service is None:
            problems.append(f"StatefulSet/{name}: serviceName {spec.get('serviceName')!r} is not "
                            "a Service of these manifests")
            continue
        if service["spec"].get("clusterIP") != "None":
            problems.append(f"StatefulSet/{name}: Service {spec['serviceName']} is not headless "
                            "(clusterIP: None)")
        if not selects(service["spec"].get("selector", {}), pod_labels(workload)):
            problems.append(f"StatefulSet/{name}: Service {spec['serviceName']} does not select "
                            "its pods")
    return problems


def hpa_target_problems(objects):
    """HorizontalPodAutoscalers whose scaleTargetRef names no object of these manifests."""
    problems = []
    for hpa in [d for d in objects if d.get("kind") == "HorizontalPodAutoscaler"]:
        ref = hpa["spec"]["scaleTargetRef"]
        found = [d for d in objects if (d.get("apiVersion"), d.get("kind"), d["metadata"]["name"])
                 == (ref.get("apiVersion"), ref.get("kind"), ref.get("name"))]
        if len(found) != 1:
            problems.append(f"HorizontalPodAutoscaler/{hpa['metadata']['name']}: scaleTargetRef "
                            f"{ref.get('kind')}/{ref.get('name')} is not in these manifests")
    return problems


def workload_identity_problems(objects):
    """Transactional enrichers whose pods would not keep their transactional.id over a restart:
    the id derives from the pod name, which only a StatefulSet keeps."""
    problems = []
    configmaps = [d for d in objects if d.get("kind") == "ConfigMap"]
    for workload in [d for d in objects if d.get("kind") in WORKLOAD_KINDS]:
        pod = workload["spec"]["template"]["spec"]
        for container in pod["containers"]:
            command = container.get("command") or []
            if not command or command[0] != "newsflow-enricher" or "--config" not in command:
                continue
            config_name = os.path.basename(command[command.index("--config") + 1])
            texts = [c["data"][config_name] for c in configmaps if config_name in c["data"]]
            config = yaml.safe_load(texts[0]) if texts else {}
            env = environment_of(container.get("env"))
            what = f"{workload['kind']}/{workload['metadata']['name']}"
            found = transactional_identity_problems(config, env)
            problems += [f"{what}: {p}" for p in found]
            mode = env.get("NEWSFLOW_DELIVERY_MODE") or (config.get("delivery") or {}).get("mode")
            if mode == "exactly_once" and workload["kind"] != "StatefulSet":
                problems.append(f"{what}: exactly_once enrichers need stable pod names (a "
                                "StatefulSet); a new name on restart leaves the predecessor's "
                                "transaction open until transaction.timeout.ms")
    return problems


class KubernetesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = src("deploy", "k8s")
        cls.kustomization = load_yaml(os.path.join(cls.dir, "kustomization.yaml"))
        cls.objects = []
        for resource in cls.kustomization.get("resources", []):
            path = os.path.join(cls.dir, resource)
            if os.path.isfile(path):
                cls.objects += [(resource, doc) for doc in load_yaml_all(path)]

    def of_kind(self, kind):
        return [doc for _, doc in self.objects if doc.get("kind") == kind]

    def workloads(self):
        return [doc for _, doc in self.objects if doc.get("kind") in WORKLOAD_KINDS]

    def workload(self, name):
        found = [d for d in self.workloads() if d["metadata"]["name"] == name]
        self.assertEqual(len(found), 1, f"Deployment or StatefulSet {name}")
        return found[0]

    def documents(self):
        return [copy.deepcopy(doc) for _, doc in self.objects]

    def test_kustomization_lists_existing_files(self):
        validate(self.kustomization, KUSTOMIZATION_SCHEMA, "kustomization.yaml")
        for resource in self.kustomization["resources"]:
            self.assertTrue(os.path.isfile(os.path.join(self.dir, resource)), resource)

    def test_every_object_matches_its_kind_schema(self):
        self.assertTrue(self.objects)
        names = set()
        for resource, doc in self.objects:
            key = (doc.get("apiVersion"), doc.get("kind"))
            self.assertIn(key, K8S_SCHEMAS, f"{resource}: no schema for {key}")
            validate(doc, K8S_SCHEMAS[key], f"{resource} {doc['kind']}/{doc['metadata']['name']}")
            self.assertNotIn((doc["kind"], doc["metadata"]["name"]), names)
            names.add((doc["kind"], doc["metadata"]["name"]))
        kinds = {doc["kind"] for _, doc in self.objects}
        self.assertEqual(kinds, {"Deployment", "StatefulSet", "Service", "ConfigMap",
                                 "PodDisruptionBudget", "HorizontalPodAutoscaler"})

    def test_workload_selectors_match_their_pod_labels(self):
        for workload in self.workloads():
            selector = workload["spec"]["selector"]["matchLabels"]
            self.assertTrue(selects(selector, pod_labels(workload)), workload["metadata"]["name"])

    def test_statefulset_schema_rejects_a_missing_service_name_and_unknown_policy(self):
        schema = K8S_SCHEMAS[("apps/v1", "StatefulSet")]
        statefulset = self.workload("newsflow-enricher")
        validate(statefulset, schema, "StatefulSet")
        broken = copy.deepcopy(statefulset)
        del broken["spec"]["serviceName"]
        with self.assertRaisesRegex(AssertionError, "'serviceName' is a required property"):
            validate(broken, schema, "StatefulSet")
        broken = copy.deepcopy(statefulset)
        broken["spec"]["podManagementPolicy"] = "parallel"
        with self.assertRaisesRegex(AssertionError, "spec/podManagementPolicy"):
            validate(broken, schema, "StatefulSet")

    def test_statefulsets_are_governed_by_a_headless_service_selecting_them(self):
        self.assertTrue(self.of_kind("StatefulSet"))
        self.assertEqual(statefulset_problems(self.documents()), [])
        statefulset = self.workload("newsflow-enricher")
        governing = statefulset["spec"]["serviceName"]
        self.assertEqual(statefulset["spec"].get("podManagementPolicy"), "Parallel",
                         "consumers in a group need no ordered start")

        def broken(change):
            documents = self.documents()
            by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
            change(by_name[("StatefulSet", "newsflow-enricher")]["spec"],
                   by_name[("Service", governing)]["spec"])
            return " ".join(statefulset_problems(documents))

        self.assertRegex(broken(lambda sts, svc: sts.update(serviceName="newsflow-missing")),
                         "serviceName 'newsflow-missing' is not a Service")
        self.assertRegex(broken(lambda sts, svc: svc.pop("clusterIP")), "is not headless")
        self.assertRegex(broken(lambda sts, svc: svc["selector"].update(
            {"app.kubernetes.io/name": "other"})), "does not select its pods")
        self.assertRegex(broken(lambda sts, svc: sts["selector"]["matchLabels"].update(
            {"app.kubernetes.io/name": "other"})), "selector does not match its pod labels")

    def test_transactional_enrichers_keep_their_pod_names(self):
        self.assertEqual(workload_identity_problems(self.documents()), [])
        documents = self.documents()
        enricher = [d for d in documents if d["metadata"]["name"] == "newsflow-enricher"
                    and d["kind"] == "StatefulSet"][0]
        enricher["kind"] = "Deployment"
        self.assertRegex(" ".join(workload_identity_problems(documents)),
                         "Deployment/newsflow-enricher: exactly_once enrichers need stable pod")
        enricher["kind"] = "StatefulSet"
        enricher["spec"]["template"]["spec"]["containers"][0]["env"].append(
            {"name": "HOSTNAME", "value": "enricher"})
        self.assertRegex(" ".join(workload_identity_problems(documents)), "HOSTNAME is set")
        configmap = [d for d in documents if d["kind"] == "ConfigMap"][0]
        self.assertEqual(transaction_timeout_problems(
            yaml.safe_load(configmap["data"]["enricher.yaml"])), [])

    def test_services_and_pdbs_select_exactly_one_workload(self):
        deployments = self.workloads()
        for doc in self.of_kind("Service") + self.of_kind("PodDisruptionBudget"):
            selector = doc["spec"]["selector"]
            selector = selector.get("matchLabels", selector) if doc["kind"] == "PodDisruptionBudget" else selector
            matched = [d for d in deployments
                       if selects(selector, d["spec"]["template"]["metadata"]["labels"])]
            self.assertEqual(len(matched), 1, f"{doc['kind']}/{doc['metadata']['name']} selects "
                             f"{[d['metadata']['name'] for d in matched]}")
            if doc["kind"] == "Service":
                container_ports = {p["name"]: p["containerPort"]
                                   for c in matched[0]["spec"]["template"]["spec"]["containers"]
                                   for p in c["ports"]}
                for port in doc["spec"]["ports"]:
                    target = port["targetPort"]
                    if isinstance(target, str):
                        self.assertIn(target, container_ports, f"Service {doc['metadata']['name']}")
                        self.assertEqual(port["port"], container_ports[target])
                    else:
                        self.assertIn(target, container_ports.values())
        for name in ("newsflow-ingest", "newsflow-enricher"):
            pdbs = [p for p in self.of_kind("PodDisruptionBudget")
                    if selects(p["spec"]["selector"]["matchLabels"],
                               pod_labels(self.workload(name)))]
            self.assertEqual(len(pdbs), 1, f"PodDisruptionBudget for {name}")

    def test_configmap_matches_deploy_config(self):
        configmaps = self.of_kind("ConfigMap")
        self.assertEqual(len(configmaps), 1)
        data = configmaps[0]["data"]
        for name in ("ingest.yaml", "enricher.yaml"):
            self.assertIn(name, data)
            self.assertEqual(yaml.safe_load(data[name]), load_yaml(src("deploy", "config", name)),
                             f"deploy/k8s/configmap.yaml {name} differs from deploy/config/{name}")

    def test_containers_match_configs_ports_probes_and_mounts(self):
        data = self.of_kind("ConfigMap")[0]["data"]
        configmap_name = self.of_kind("ConfigMap")[0]["metadata"]["name"]
        for name, config_key, port_names in (("newsflow-ingest", "ingest.yaml", {"grpc", "metrics"}),
                                             ("newsflow-enricher", "enricher.yaml", {"metrics"})):
            expected = config_ports(yaml.safe_load(data[config_key]))
            pod = self.workload(name)["spec"]["template"]["spec"]
            container = pod["containers"][0]
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            self.assertEqual(set(ports), port_names, name)
            for port_name, port in ports.items():
                self.assertEqual(port, expected[port_name], f"{name} port {port_name}")
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                http = container[probe]["httpGet"]
                self.assertEqual(http["path"], path, f"{name} {probe}")
                self.assertIn(http["port"], ("metrics", expected["metrics"]), f"{name} {probe}")
            command = container["command"]
            config_path = command[command.index("--config") + 1]
            volumes = {v["name"]: v for v in pod.get("volumes", [])}
            mount = [m for m in container["volumeMounts"]
                     if config_path.startswith(m["mountPath"].rstrip("/") + "/")]
            self.assertEqual(len(mount), 1, f"{name}: --config {config_path} is not mounted")
            volume = volumes[mount[0]["name"]]
            self.assertEqual(volume["configMap"]["name"], configmap_name)
            keys = {item["key"] for item in volume["configMap"].get("items", [])} or set(data)
            self.assertIn(config_key, keys)
            self.assertIn(os.path.basename(config_path),
                          {item["path"] for item in volume["configMap"].get("items", [])} or set(data))
            self.assertTrue(any(m["mountPath"] == "/tmp" for m in container["volumeMounts"]),
                            f"{name}: read-only root needs a writable /tmp")

    def test_enrichers_run_two_replicas_in_one_group(self):
        enricher = self.workload("newsflow-enricher")
        self.assertEqual(enricher["spec"]["replicas"], 2)
        config = yaml.safe_load(self.of_kind("ConfigMap")[0]["data"]["enricher.yaml"])
        self.assertTrue(config["kafka"]["group_id"])
        env = {e["name"] for c in enricher["spec"]["template"]["spec"]["containers"]
               for e in c.get("env", [])}
        self.assertNotIn("NEWSFLOW_KAFKA_GROUP_ID", env, "replicas must share the ConfigMap's group")

    def test_hpa_targets_the_enricher_on_an_exported_lag_metric(self):
        hpas = self.of_kind("HorizontalPodAutoscaler")
        self.assertEqual(len(hpas), 1)
        spec = hpas[0]["spec"]
        target = spec["scaleTargetRef"]
        self.assertEqual(hpa_target_problems(self.documents()), [])
        enricher = self.workload(target["name"])
        self.assertEqual((target["kind"], target["name"]), (enricher["kind"], "newsflow-enricher"))
        documents = self.documents()
        [d for d in documents if d["kind"] == "HorizontalPodAutoscaler"][0]["spec"][
            "scaleTargetRef"]["kind"] = "Deployment"
        self.assertEqual(hpa_target_problems(documents), [
            "HorizontalPodAutoscaler/newsflow-enricher: scaleTargetRef Deployment/newsflow-enricher"
            " is not in these manifests"])
        self.assertLessEqual(spec["minReplicas"], enricher["spec"]["replicas"])
        self.assertLessEqual(spec["minReplicas"], spec["maxReplicas"])
        # More consumers than partitions would idle: the compose file creates the topic.
        compose = load_yaml(src("deploy", "docker-compose.yml"))
        topics = " ".join(compose["services"]["topics"]["command"])
        partitions = int(re.search(r"--topic newsflow\.articles\.normalized\.v1 --partitions (\d+)",
                                   topics).group(1))
        self.assertLessEqual(spec["maxReplicas"], partitions)
        metrics, _ = exported_metrics()
        for metric in spec["metrics"]:
            block = metric["external"] if metric["type"] == "External" else metric["pods"]
            name = block["metric"]["name"]
            self.assertIn(name, metrics, f"HPA metric {name} is not exported")
            self.assertIn("lag", name)
        adapter = load_yaml(os.path.join(self.dir, "prometheus-adapter-rules.yaml"))
        served = {rule["name"]["as"] for rule in adapter["rules"]["external"]}
        self.assertTrue({m["external"]["metric"]["name"] for m in spec["metrics"]
                         if m["type"] == "External"} <= served)


# --------------------------------------------------------------------------------------------
# Grafana.

class GrafanaTest(unittest.TestCase):
    def test_dashboard_queries_only_exported_metrics(self):
        with open(src("deploy", "grafana", "dashboards", "newsflow.json"), encoding="utf-8") as f:
            dashboard = json.load(f)
        metrics, labels = exported_metrics()
        series = series_names(metrics)
        self.assertIn("newsflow_ingest_ack_latency_seconds", metrics)
        ids, problems, used = set(), [], set()
        for panel in dashboard["panels"]:
            self.assertNotIn(panel["id"], ids, "duplicate panel id")
            ids.add(panel["id"])
            self.assertTrue(panel.get("targets"), f"panel {panel['title']} has no query")
            for target in panel["targets"]:
                expr = target["expr"]
                self.assertEqual(expr.count("("), expr.count(")"), expr)
                used.update(re.findall(r"\bnewsflow_[a-z0-9_]+", expr))
                problems += [f"{panel['title']}: {p}" for p in promql_problems(expr, series, labels)]
        self.assertEqual(problems, [])
        # What the issue asks the dashboard to show.
        for needed in ("newsflow_ingest_requests_total", "newsflow_ingest_ack_latency_seconds_bucket",
                       "newsflow_ingest_in_flight", "newsflow_ingest_producer_queue_depth",
                       "newsflow_enricher_records_total", "newsflow_enricher_consumer_lag_seconds",
                       "newsflow_build_info"):
            self.assertIn(needed, used)

    def test_dashboard_uses_the_provisioned_datasource(self):
        with open(src("deploy", "grafana", "dashboards", "newsflow.json"), encoding="utf-8") as f:
            dashboard = json.load(f)
        datasources = load_yaml(src("deploy", "grafana", "provisioning", "datasources",
                                    "prometheus.yaml"))["datasources"]
        uids = {d["uid"] for d in datasources}
        variable = [v for v in dashboard["templating"]["list"] if v["type"] == "datasource"][0]
        self.assertIn(variable["current"]["value"], uids)
        prometheus = load_yaml(src("deploy", "prometheus", "prometheus.yml"))
        jobs = {job["job_name"] for job in prometheus["scrape_configs"]}
        for v in dashboard["templating"]["list"]:
            if v["name"].endswith("_job"):
                self.assertIn(v["query"], jobs, f"dashboard variable {v['name']}")


# --------------------------------------------------------------------------------------------
# Dockerfile.

def dockerfile_instructions(path):
    """[(stage index, INSTRUCTION, arguments)] with continuation lines joined."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\\\n", " ", text)
    result, stage = [], -1
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stage += 1
        result.append((stage, instruction, args.strip()))
    return result


def runtime_packages(instructions):
    last = max(stage for stage, _, _ in instructions)
    packages = []
    for stage, instruction, args in instructions:
        if stage == last and instruction == "RUN" and "apt-get install" in args:
            tail = args.split("apt-get install", 1)[1].split("&&")[0]
            packages += [w for w in tail.split() if not w.startswith("-")]
    return packages


def apt_closure(packages):
    """`packages` and everything they depend on (Depends/PreDepends), by apt-cache."""
    result = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *packages],
        capture_output=True, text=True, timeout=120)
    names = set(packages)
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith(("Depends:", "PreDepends:")):
            names.add(line.split(":", 1)[1].strip().strip("<>").split(":")[0])
        elif line and not line.startswith(("|", "Depends", "PreDepends")) and ":" not in line:
            names.add(line)
    return names


def packages_of(libraries):
    """{library path: Debian package or None}, asking dpkg once for all of them."""
    candidates = {}
    for library in libraries:
        for path in {library, library.replace("/lib/", "/usr/lib/", 1), os.path.realpath(library)}:
            candidates[path] = library
    result = subprocess.run(["dpkg", "-S", *sorted(candidates)], capture_output=True, text=True)
    found = {library: None for library in libraries}
    for line in result.stdout.splitlines():
        package, _, path = line.partition(": ")
        if path.strip() in candidates:
            found[candidates[path.strip()]] = package.split(":")[0].split(",")[0].strip()
    return found


class DockerfileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.instructions = dockerfile_instructions(src("deploy", "Dockerfile"))

    def test_copy_sources_exist(self):
        for _, instruction, args in self.instructions:
            if instruction != "COPY" or "--from=" in args:
                continue
            words = [w for w in args.split() if not w.startswith("--")]
            for source in words[:-1]:
                self.assertTrue(os.path.exists(src(source)), f"COPY {source}: not in the repository")

    def test_build_stage_runs_bootstrap_and_builds_the_binaries(self):
        build_runs = [args for stage, instruction, args in self.instructions
                      if stage == 0 and instruction == "RUN"]
        self.assertTrue(any("scripts/bootstrap.sh" in r for r in build_runs))
        targets = set()
        for service in os.listdir(src("services")):
            cmake = src("services", service, "CMakeLists.txt")
            if os.path.isfile(cmake):
                with open(cmake, encoding="utf-8") as f:
                    targets.update(re.findall(r"add_executable\(\s*([\w-]+)", f.read()))
        copied = [args for _, instruction, args in self.instructions
                  if instruction == "COPY" and "--from=build" in args]
        self.assertEqual(len(copied), 3)
        for args in copied:
            binary = args.split()[1]
            match = re.match(r"/src/build/services/([\w-]+)/([\w-]+)$", binary)
            self.assertIsNotNone(match, binary)
            self.assertIn(match.group(2), targets)
            self.assertTrue(any(match.group(2) in r for r in build_runs),
                            f"{match.group(2)} is not built by the build stage")

    def test_runtime_runs_as_non_root(self):
        users = [args for stage, instruction, args in self.instructions
                 if instruction == "USER" and stage == max(s for s, _, _ in self.instructions)]
        self.assertTrue(users and users[-1] not in ("root", "0"))

    @unittest.skipUnless(shutil.which("apt-cache"), "no apt-cache")
    def test_runtime_packages_exist(self):
        packages = runtime_packages(self.instructions)
        self.assertGreater(len(packages), 5)
        missing = [p for p in packages
                   if subprocess.run(["apt-cache", "show", p], capture_output=True).returncode != 0]
        self.assertEqual(missing, [], "runtime packages unknown to apt-cache")

    @unittest.skipUnless(shutil.which("apt-cache") and shutil.which("dpkg"), "no apt/dpkg")
    def test_runtime_packages_provide_every_shared_library_of_the_binaries(self):
        if not ARGS.build_dir:
            self.skipTest("no --build-dir")
        binaries = [os.path.join(ARGS.build_dir, "services/ingest/newsflow-ingest"),
                    os.path.join(ARGS.build_dir, "services/enricher/newsflow-enricher"),
                    os.path.join(ARGS.build_dir, "services/newsflow/newsflow")]
        binaries = [b for b in binaries if os.path.isfile(b)]
        if not binaries:
            self.skipTest("binaries not built")
        libraries = set()
        for binary in binaries:
            out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
            libraries.update(re.findall(r"=>\s+(/\S+)", out))
        # A sanitizer build (scripts/test.sh --sanitize) links its runtimes; the image never does.
        libraries = {lib for lib in libraries
                     if not re.search(r"/lib(asan|ubsan|lsan|tsan)\.so", lib)}
        available = apt_closure(runtime_packages(self.instructions))
        # What debian:12-slim already has (Priority: required).
        base = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g", "libzstd1", "liblz4-1", "libssl3",
                "libcrypt1", "libselinux1", "libpcre2-8-0", "libsystemd0", "libgcrypt20",
                "libgpg-error0", "liblzma5", "libacl1", "libattr1", "libbz2-1.0", "libudev1"}
        missing = {}
        for library, package in sorted(packages_of(libraries).items()):
            if package is None:
                missing[library] = "(no package)"
            elif package.split(":")[0] not in available | base:
                missing[library] = package
        self.assertEqual(missing, {}, "shared libraries whose packages the runtime stage lacks")


# --------------------------------------------------------------------------------------------
# docs/schema.md against proto/.

def proto_definitions():
    """{message: [(field, number, type)]}, {enum: [value names]} of proto/newsflow/v1/*.proto."""
    messages, enums = {}, {}
    folder = src("proto", "newsflow", "v1")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".proto"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = re.sub(r"//[^\n]*", "", f.read())
        stack = []
        for token in re.finditer(r"\b(message|enum|service|oneof)\s+(\w+)\s*\{|\{|\}|([^;{}]+);", text):
            if token.group(1):
                stack.append((token.group(1), token.group(2)))
                if token.group(1) == "message":
                    messages[token.group(2)] = []
                elif token.group(1) == "enum":
                    enums[token.group(2)] = []
            elif token.group(0) == "{":
                stack.append(("block", ""))
            elif token.group(0) == "}":
                stack.pop()
            elif token.group(3) and stack:
                statement = " ".join(token.group(3).split())
                owner = [s for s in stack if s[0] in ("message", "enum")]
                if not owner:
                    continue
                kind, owner_name = owner[-1]
                field = re.match(r"^(?:(repeated|optional)\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)", statement)
                value = re.match(r"^(\w+)\s*=\s*-?\d+", statement)
                if kind == "message" and field:
                    type_name = ("repeated " if field.group(1) == "repeated" else "") + field.group(2)
                    messages[owner_name].append((field.group(3), int(field.group(4)), type_name))
                elif kind == "enum" and value:
                    enums[owner_name].append(value.group(1))
    return messages, enums


class SchemaDocTest(unittest.TestCase):
    def test_every_proto_field_and_enum_value_is_documented(self):
        messages, enums = proto_definitions()
        self.assertIn("EnrichedArticle", messages)
        self.assertIn("url", [f[0] for f in messages["RawArticle"]])
        with open(src("docs", "schema.md"), encoding="utf-8") as f:
            doc = f.read()
        sections = {m.group(1): m.start() for m in re.finditer(r"^#{2,4} `(\w+)`", doc, re.M)}
        problems = []
        for message, fields in messages.items():
            if message not in sections:
                problems.append(f"no section '### `{message}`'")
                continue
            start = sections[message]
            following = [p for p in sections.values() if p > start]
            body = doc[start:min(following) if following else len(doc)]
            rows = {}
            for row in re.finditer(r"^\|\s*`(\w+)`\s*\|\s*(\d+)\s*\|\s*`([^`]+)`\s*\|", body, re.M):
                rows[row.group(1)] = (int(row.group(2)), row.group(3))
            for name, number, type_name in fields:
                if name not in rows:
                    problems.append(f"{message}.{name} is not in its table")
                elif rows[name] != (number, type_name):
                    problems.append(f"{message}.{name}: table says {rows[name]}, proto says "
                                    f"{(number, type_name)}")
            for name in set(rows) - {f[0] for f in fields}:
                problems.append(f"{message}.{name} is documented but not in the proto")
        for enum, values in enums.items():
            for value in values:
                if f"`{value}`" not in doc:
                    problems.append(f"enum value {enum}.{value} is not documented")
        self.assertEqual(problems, [])

    def test_rules_for_keys_headers_topics_and_versioning_are_written(self):
        with open(src("docs", "schema.md"), encoding="utf-8") as f:
            doc = f.read()
        for heading in ("## Topics", "## Record keys", "## Record headers",
                        "## Versioning and compatibility"):
            self.assertIn(heading, doc)
        for topic in ("newsflow.articles.normalized.v1", "newsflow.articles.enriched.v1",
                      "newsflow.articles.dlq.v1"):
            self.assertIn(f"`{topic}`", doc)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-dir", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    parser.add_argument("--build-dir", default="")
    ARGS, rest = parser.parse_known_args()
    ARGS.source_dir = os.path.abspath(ARGS.source_dir)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
