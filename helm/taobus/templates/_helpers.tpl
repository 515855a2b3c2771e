{{- define "taobus.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "taobus.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "taobus.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "taobus.labels" -}}
helm.sh/chart: {{ include "taobus.chart" . }}
{{ include "taobus.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "taobus.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taobus.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "taobus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "taobus.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "taobus.secretName" -}}
{{- default (include "taobus.fullname" .) .Values.taobus.existingSecret }}
{{- end }}

{{/*
The environment variable of a source's i-th secret, Spring Boot's relaxed binding of
taobus.webhooks.sources.<name>.secrets[i]: TAOBUS_WEBHOOKS_SOURCES_<NAME>_SECRETS_<i>_ (a dash in the
name stays: Kubernetes and Boot both take it). Argument: (list name index).
*/}}
{{- define "taobus.sourceSecretEnv" -}}
{{- printf "TAOBUS_WEBHOOKS_SOURCES_%s_SECRETS_%d_" (index . 0 | upper) (index . 1) }}
{{- end }}

{{/* Every secret of a source, from its inline secret/secrets and taobus.secrets.<name> (a string or a list). */}}
{{- define "taobus.sourceSecrets" -}}
{{- $root := index . 0 }}
{{- $name := index . 1 }}
{{- $source := index $root.Values.taobus.sources $name }}
{{- $all := list }}
{{- if $source.secret }}{{ $all = append $all $source.secret }}{{ end }}
{{- range $source.secrets }}{{ $all = append $all . }}{{ end }}
{{- $extra := index ($root.Values.taobus.secrets | default dict) $name }}
{{- if kindIs "string" $extra }}{{ if $extra }}{{ $all = append $all $extra }}{{ end }}{{ else }}{{ range $extra }}{{ $all = append $all . }}{{ end }}{{ end }}
{{- toJson $all }}
{{- end }}
