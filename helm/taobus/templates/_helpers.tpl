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

{{/* The environment variable that carries the secret of a source: TAOBUS_SECRET_<NAME>. */}}
{{- define "taobus.sourceSecretEnv" -}}
{{- printf "TAOBUS_SECRET_%s" (. | upper | replace "-" "_" | replace "." "_") }}
{{- end }}
