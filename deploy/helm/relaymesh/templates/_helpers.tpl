{{/* Names, labels, the image reference, and the relayer config every service reads. */}}

{{- define "relaymesh.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "relaymesh.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "relaymesh.selectorLabels" -}}
app.kubernetes.io/name: {{ include "relaymesh.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "relaymesh.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "relaymesh.selectorLabels" . }}
app.kubernetes.io/version: {{ include "relaymesh.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: relaymesh
relaymesh.io/relayer: {{ .Values.relayer.id | quote }}
{{- end -}}

{{/* Labels of one component; call with (dict "root" $ "component" "verifier" "chain" "") */}}
{{- define "relaymesh.componentLabels" -}}
{{ include "relaymesh.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- if .chain }}
relaymesh.io/chain: {{ .chain | quote }}
{{- end }}
{{- end -}}

{{- define "relaymesh.componentSelector" -}}
{{ include "relaymesh.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- if .chain }}
relaymesh.io/chain: {{ .chain | quote }}
{{- end }}
{{- end -}}

{{- define "relaymesh.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* The one image reference of every relaymesh container (services and the migration Job). */}}
{{- define "relaymesh.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository (include "relaymesh.imageTag" .) .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (include "relaymesh.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{- define "relaymesh.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "relaymesh.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "relaymesh.keySecretName" -}}
{{- default (printf "%s-relayer-key" (include "relaymesh.fullname" .)) .Values.relayer.key.existingSecret -}}
{{- end -}}

{{- define "relaymesh.otlpEndpoint" -}}
{{- if .Values.jaeger.enabled -}}
{{- printf "http://%s-jaeger:4318" (include "relaymesh.fullname" .) -}}
{{- else -}}
{{- .Values.tracing.otlpEndpoint -}}
{{- end -}}
{{- end -}}

{{/* mesh.relayers as the config's map: relayer id -> address. */}}
{{- define "relaymesh.relayerMap" -}}
{{- $m := dict -}}
{{- range .Values.mesh.relayers -}}
{{- $_ := set $m .id .address -}}
{{- end -}}
{{- toJson $m -}}
{{- end -}}

{{/* mesh.proposers as the config's map: destination domain (a string) -> relayer id. */}}
{{- define "relaymesh.proposerMap" -}}
{{- $m := dict -}}
{{- range .Values.mesh.proposers -}}
{{- $_ := set $m (int64 .destination | toString) .relayer -}}
{{- end -}}
{{- toJson $m -}}
{{- end -}}

{{/*
Checks the schema cannot express (it sees one value at a time); fails the render
with the reason. Included by the config template, so every render runs it.
*/}}
{{- define "relaymesh.validate" -}}
{{- $domains := dict -}}
{{- $names := dict -}}
{{- range .Values.chains -}}
{{- $domain := int64 .domain | toString -}}
{{- if hasKey $domains $domain -}}
{{- fail (printf "chains: domain %s is configured twice" $domain) -}}
{{- end -}}
{{- if hasKey $names .name -}}
{{- fail (printf "chains: name %q is used twice (it names the chain's watcher Deployment)" .name) -}}
{{- end -}}
{{- $_ := set $domains $domain true -}}
{{- $_ := set $names .name true -}}
{{- end -}}
{{- $ids := dict -}}
{{- $addresses := dict -}}
{{- range .Values.mesh.relayers -}}
{{- if hasKey $ids .id -}}
{{- fail (printf "mesh.relayers: relayer id %q is listed twice" .id) -}}
{{- end -}}
{{- if hasKey $addresses (lower .address) -}}
{{- fail (printf "mesh.relayers: address %s is listed twice (one key would count as two signatures)" .address) -}}
{{- end -}}
{{- $_ := set $ids .id true -}}
{{- $_ := set $addresses (lower .address) true -}}
{{- end -}}
{{- if not (hasKey $ids .Values.relayer.id) -}}
{{- fail (printf "relayer.id %q is not in mesh.relayers" .Values.relayer.id) -}}
{{- end -}}
{{- if gt (int .Values.mesh.threshold) (len .Values.mesh.relayers) -}}
{{- fail (printf "mesh.threshold %v is above the %d relayers of mesh.relayers: no batch could ever settle" .Values.mesh.threshold (len .Values.mesh.relayers)) -}}
{{- end -}}
{{- $proposed := dict -}}
{{- range .Values.mesh.proposers -}}
{{- $domain := int64 .destination | toString -}}
{{- if hasKey $proposed $domain -}}
{{- fail (printf "mesh.proposers: destination %s has two proposers" $domain) -}}
{{- end -}}
{{- if not (hasKey $domains $domain) -}}
{{- fail (printf "mesh.proposers: destination %s is not a configured chain domain" $domain) -}}
{{- end -}}
{{- if not (hasKey $ids .relayer) -}}
{{- fail (printf "mesh.proposers: %q (destination %s) is not in mesh.relayers" .relayer $domain) -}}
{{- end -}}
{{- $_ := set $proposed $domain true -}}
{{- end -}}
{{- $as := .Values.verifier.autoscaling -}}
{{- if and $as.enabled (lt (int $as.maxReplicas) (int $as.minReplicas)) -}}
{{- fail (printf "verifier.autoscaling.maxReplicas %v is below minReplicas %v" $as.maxReplicas $as.minReplicas) -}}
{{- end -}}
{{- range .Values.chains -}}
{{- if not (hasKey $proposed (int64 .domain | toString)) -}}
{{- fail (printf "mesh.proposers: chain %q (domain %v) has no proposer: messages to it would never be batched" .name (int64 .domain)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The relayer JSON config (libs/relayer/src/config/relayerConfigSchema.ts). */}}
{{- define "relaymesh.relayerConfig" -}}
{{- $chains := list -}}
{{- range .Values.chains -}}
{{- $chain := deepCopy . -}}
{{- /* int64 first: a large number in values may be a float64 and would print as 2.1e+07 */ -}}
{{- $_ := set $chain "domain" (int64 $chain.domain) -}}
{{- if hasKey $chain "startBlock" -}}
{{- $_ := set $chain "startBlock" (int64 $chain.startBlock | toString) -}}
{{- end -}}
{{- $chains = append $chains $chain -}}
{{- end -}}
{{- $config := dict
  "relayerId" .Values.relayer.id
  "databaseUrl" .Values.database.url
  "natsUrl" .Values.nats.url
  "chains" $chains
  "proposers" (include "relaymesh.proposerMap" . | fromJson)
  "relayers" (include "relaymesh.relayerMap" . | fromJson)
  "threshold" .Values.mesh.threshold
  "batch" .Values.batch
  "maxPayloadBytes" .Values.maxPayloadBytes
  "verifierThreads" .Values.verifier.threads
  "api" (dict "host" "0.0.0.0" "port" .Values.api.port)
-}}
{{- /* The explorer: false when off; its jaegerUrl only when set here (else RELAYMESH_JAEGER_URL from tracing.jaegerUiUrl). */ -}}
{{- $explorer := .Values.api.explorer -}}
{{- if not $explorer.enabled -}}
{{- $_ := set $config.api "explorer" false -}}
{{- else -}}
{{- $page := dict "path" $explorer.path -}}
{{- with $explorer.jaegerUrl -}}
{{- $_ := set $page "jaegerUrl" . -}}
{{- end -}}
{{- $_ := set $config.api "explorer" $page -}}
{{- end -}}
{{- /* NATS credentials and TLS: only the files given (the relayer refuses empty paths). */ -}}
{{- $nats := dict -}}
{{- range $k := list "credsFile" "nkeySeedFile" "tokenFile" -}}
{{- with index $.Values.nats $k -}}
{{- $_ := set $nats $k . -}}
{{- end -}}
{{- end -}}
{{- $tls := dict -}}
{{- range $k, $v := (.Values.nats.tls | default dict) -}}
{{- if $v -}}
{{- $_ := set $tls $k $v -}}
{{- end -}}
{{- end -}}
{{- if $tls -}}
{{- $_ := set $nats "tls" $tls -}}
{{- end -}}
{{- $replicas := dict -}}
{{- range $k, $v := (.Values.nats.replicas | default dict) -}}
{{- if ne (int $v) 1 -}}
{{- $_ := set $replicas $k (int $v) -}}
{{- end -}}
{{- end -}}
{{- if $replicas -}}
{{- $_ := set $nats "replicas" $replicas -}}
{{- end -}}
{{- if $nats -}}
{{- $_ := set $config "nats" $nats -}}
{{- end -}}
{{- toPrettyJson $config -}}
{{- end -}}

{{- define "relaymesh.configName" -}}
{{- printf "%s-config" (include "relaymesh.fullname" .) -}}
{{- end -}}

{{- /* The OTLP trace export of every service (the attester's too), from `tracing`. */}}
{{- define "relaymesh.tracingEnv" -}}
{{- $v := .Values -}}
{{- if $v.tracing.enabled }}
- name: OTEL_TRACES_EXPORTER
  value: otlp
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ include "relaymesh.otlpEndpoint" . | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $v.tracing.protocol | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $v.tracing.sampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $v.tracing.samplerArg | quote }}
{{- else }}
- name: OTEL_TRACES_EXPORTER
  value: none
{{- end }}
{{- end -}}

{{/* Environment of every relaymesh container; call with (dict "root" $ "component" "watcher"). */}}
{{- define "relaymesh.env" -}}
{{- $v := .root.Values -}}
- name: RELAYMESH_CONFIG_FILE
  value: /etc/relaymesh/config/relayer.json
{{- if has .component (list "batcher" "settler") }}
- name: RELAYMESH_RELAYER_KEY_FILE
  value: /etc/relaymesh/key/relayer-key
{{- end }}
- name: RELAYMESH_LOG_LEVEL
  value: {{ $v.relayer.logLevel | quote }}
{{- if $v.database.passwordSecret.name }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.database.passwordSecret.name }}
      key: {{ $v.database.passwordSecret.key }}
{{- end }}
{{- if $v.workerHealth.enabled }}
- name: RELAYMESH_HEALTH_PORT
  value: {{ $v.workerHealth.port | quote }}
{{- end }}
{{- include "relaymesh.tracingEnv" .root | trim | nindent 0 }}
{{- if and (eq .component "api") $v.api.adminToken.existingSecret }}
- name: RELAYMESH_ADMIN_TOKEN_FILE
  value: /etc/relaymesh/admin/admin-token
{{- end }}
{{- with $v.tracing.jaegerUiUrl }}
- name: RELAYMESH_JAEGER_URL
  value: {{ . | quote }}
{{- end }}
- name: OTEL_METRICS_EXPORTER
  value: none
- name: OTEL_LOGS_EXPORTER
  value: none
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "k8s.namespace.name=%s,k8s.pod.name=$(K8S_POD_NAME),relaymesh.component=%s" .root.Release.Namespace .component | quote }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "relaymesh.volumeMounts" -}}
- name: config
  mountPath: /etc/relaymesh/config
  readOnly: true
{{- if has .component (list "batcher" "settler") }}
# Only the services that sign mount the key: the api, watchers and verifiers never hold it.
- name: key
  mountPath: /etc/relaymesh/key
  readOnly: true
{{- end }}
# tsx compiles the TypeScript sources into its cache under /tmp; the root filesystem is read-only.
- name: tmp
  mountPath: /tmp
{{- if eq .component "api" }}
{{- with .root.Values.api.adminToken.existingSecret }}
- name: admin-token
  mountPath: /etc/relaymesh/admin
  readOnly: true
{{- end }}
{{- end }}
{{- with .root.Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes; call with (dict "root" $ "configName" "<name>" "component" "<component>"). */}}
{{- define "relaymesh.volumes" -}}
- name: config
{{- if eq .root.Values.config.storeIn "Secret" }}
  secret:
    secretName: {{ .configName }}
{{- else }}
  configMap:
    name: {{ .configName }}
{{- end }}
{{- if has .component (list "batcher" "settler") }}
- name: key
  secret:
    secretName: {{ include "relaymesh.keySecretName" .root }}
    # 0440: readable by the pod's fsGroup (the non-root user), by nobody else.
    defaultMode: 288
    items:
      - key: {{ .root.Values.relayer.key.secretKey }}
        path: relayer-key
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- if eq (.component | default "") "api" }}
{{- with .root.Values.api.adminToken.existingSecret }}
- name: admin-token
  secret:
    secretName: {{ . }}
    defaultMode: 288
    items:
      - key: {{ $.root.Values.api.adminToken.secretKey }}
        path: admin-token
{{- end }}
{{- end }}
{{- with .root.Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Pod-level fields shared by every relaymesh pod. */}}
{{- define "relaymesh.podSpecCommon" -}}
serviceAccountName: {{ include "relaymesh.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pod annotations: a config checksum so a config change rolls every service. */}}
{{- define "relaymesh.podAnnotations" -}}
checksum/config: {{ include "relaymesh.relayerConfig" . | sha256sum }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Probes of a worker (watcher, verifier, batcher, settler). With workerHealth on:
HTTP startup and liveness on /healthz and readiness on /readyz at the health
port. Without: exec startup and readiness probes that Postgres and NATS accept
TCP connections, and no liveness probe.
*/}}
{{- define "relaymesh.workerProbes" -}}
{{- $v := .Values -}}
{{- if $v.workerHealth.enabled }}
ports:
  - name: health
    containerPort: {{ $v.workerHealth.port }}
    protocol: TCP
# Start-up connects Postgres (and applies migrations), NATS and the chains before serving.
startupProbe:
  httpGet:
    path: /healthz
    port: health
  {{- toYaml $v.probes.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /healthz
    port: health
  {{- toYaml $v.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /readyz
    port: health
  {{- toYaml $v.probes.readiness | nindent 2 }}
{{- else }}
startupProbe:
  exec:
    command: [node, /app/deploy/docker/probeDependencies.mjs]
  {{- toYaml $v.probes.startup | nindent 2 }}
readinessProbe:
  exec:
    command: [node, /app/deploy/docker/probeDependencies.mjs]
  {{- toYaml $v.probes.readiness | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The container of one service; call with (dict "root" $ "component" "batcher" "resources" .Values.batcher.resources "env" list). */}}
{{- define "relaymesh.serviceContainer" -}}
- name: {{ .component }}
  image: {{ include "relaymesh.image" .root }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  args: [{{ .command | default .component }}]
  env:
    {{- include "relaymesh.env" . | nindent 4 }}
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if ne .component "api" }}
  {{- include "relaymesh.workerProbes" .root | nindent 2 }}
  {{- end }}
  {{- with .extra }}
  {{- . | nindent 2 }}
  {{- end }}
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    {{- toYaml .root.Values.securityContext | nindent 4 }}
  volumeMounts:
    {{- include "relaymesh.volumeMounts" . | nindent 4 }}
{{- end -}}

{{/* Egress of every relaymesh pod: anything, or DNS + the in-chart Jaeger + networkPolicy.egress.rules. */}}
{{- define "relaymesh.egressRules" -}}
{{- if .Values.networkPolicy.egress.allowAll }}
- {}
{{- else }}
# DNS
- ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
{{- if .Values.jaeger.enabled }}
# The in-chart Jaeger's OTLP/HTTP port
- to:
    - podSelector:
        matchLabels:
          {{- include "relaymesh.componentSelector" (dict "root" . "component" "jaeger") | nindent 10 }}
  ports:
    - { protocol: TCP, port: 4318 }
{{- end }}
{{- with .Values.networkPolicy.egress.rules }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end -}}
