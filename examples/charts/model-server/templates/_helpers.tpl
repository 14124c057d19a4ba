{{/* Object names: the release name, which Helm keeps unique in a namespace. */}}
{{- define "model-server.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "model-server.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object: Helm's, then `labels` (which cannot override Helm's). */}}
{{- define "model-server.labels" -}}
{{- $chart := include "model-server.selectorLabels" . | fromYaml -}}
{{- $_ := set $chart "app.kubernetes.io/version" .Chart.AppVersion -}}
{{- $_ := set $chart "app.kubernetes.io/managed-by" .Release.Service -}}
{{- $_ := set $chart "helm.sh/chart" (printf "%s-%s" .Chart.Name .Chart.Version) -}}
{{- toYaml (merge $chart (.Values.labels | default dict)) }}
{{- end }}

{{/* Labels of the pods: the selector's, then `podLabels`, then `labels`. */}}
{{- define "model-server.podLabels" -}}
{{- $selector := include "model-server.selectorLabels" . | fromYaml -}}
{{- toYaml (merge $selector (.Values.podLabels | default dict) (.Values.labels | default dict)) }}
{{- end }}

{{- define "model-server.image" -}}
{{- with .Values.image.registry }}{{ trimSuffix "/" . }}/{{ end }}{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end }}

{{/* Service type for each exposure choice; an Ingress fronts a ClusterIP Service. */}}
{{- define "model-server.serviceType" -}}
{{- $types := dict "clusterip" "ClusterIP" "nodeport" "NodePort" "loadbalancer" "LoadBalancer" "ingress" "ClusterIP" -}}
{{- required "exposure.type must be clusterip, nodeport, loadbalancer or ingress" (get $types .Values.exposure.type) -}}
{{- end }}

{{/* GPUs per pod, at least 1: vLLM's tensor parallel size. */}}
{{- define "model-server.tensorParallel" -}}
{{- max 1 (int .Values.gpu.count) -}}
{{- end }}

{{/* Container resources: `resources`, plus the GPU resource and HAMi GPU memory from `gpu`, requested and limited alike. */}}
{{- define "model-server.resources" -}}
{{- $resources := .Values.resources | default dict -}}
{{- $requests := deepCopy ($resources.requests | default dict) -}}
{{- $limits := deepCopy ($resources.limits | default dict) -}}
{{- if gt (int .Values.gpu.count) 0 }}
{{- $_ := set $requests .Values.gpu.resource (int .Values.gpu.count) -}}
{{- $_ := set $limits .Values.gpu.resource (int .Values.gpu.count) -}}
{{- end }}
{{- if gt (int .Values.gpu.memoryMiB) 0 }}
{{- $_ := set $requests "nvidia.com/gpumem" (int .Values.gpu.memoryMiB) -}}
{{- $_ := set $limits "nvidia.com/gpumem" (int .Values.gpu.memoryMiB) -}}
{{- end }}
{{- with $requests }}
requests:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $limits }}
limits:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Node selector: `nodeSelector`, plus the GPU model label when `gpu.product` is set. */}}
{{- define "model-server.nodeSelector" -}}
{{- $selector := deepCopy (.Values.nodeSelector | default dict) -}}
{{- with .Values.gpu.product }}
{{- $_ := set $selector "nvidia.com/gpu.product" . -}}
{{- end }}
{{- with $selector }}
{{- toYaml . }}
{{- end }}
{{- end }}
